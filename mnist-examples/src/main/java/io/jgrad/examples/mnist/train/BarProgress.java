package io.jgrad.examples.mnist.train;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A tqdm-style live bar (me.tongfei progressbar): batches, it/s, ETA, loss and accuracy. */
final class BarProgress implements ProgressReporter {
  private final PrintStream out;
  private ProgressBar bar;

  BarProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void start(int epoch, int epochs, int totalBatches, int startBatch) {
    bar =
        new ProgressBarBuilder()
            .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
            .setInitialMax(totalBatches)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .setUnit("it", 1)
            .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(200)
            .clearDisplayOnFinish()
            .build();
    if (startBatch > 0) {
      bar.stepTo(startBatch);
    }
  }

  @Override
  public void update(int batchesDone, double loss, double accuracy) {
    bar.stepTo(batchesDone);
    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%%", loss, accuracy));
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
