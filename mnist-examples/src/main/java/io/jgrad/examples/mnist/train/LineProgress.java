package io.jgrad.examples.mnist.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for logs: one compact line each time another ~10% of the epoch's batches is done, {@code
 * epoch 3/15 30% 141/469 loss 0.0712 acc 97.85% 38.2 it/s ETA 8.6s}.
 */
final class LineProgress implements ProgressReporter {
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private int epoch;
  private int epochs;
  private int total;
  private int startBatch;
  private int nextDecile;
  private long startNanos;

  LineProgress(PrintStream out, LongSupplier nanoClock) {
    this.out = out;
    this.nanoClock = nanoClock;
  }

  @Override
  public void start(int epoch, int epochs, int totalBatches, int startBatch) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.total = totalBatches;
    this.startBatch = startBatch;
    this.nextDecile = startBatch * 10 / Math.max(1, totalBatches) + 1;
    this.startNanos = nanoClock.getAsLong();
  }

  @Override
  public void update(int batchesDone, double loss, double accuracy) {
    if (total == 0 || batchesDone * 10L < (long) nextDecile * total) {
      return;
    }
    while (batchesDone * 10L >= (long) nextDecile * total) {
      nextDecile++;
    }
    double secs = (nanoClock.getAsLong() - startNanos) / 1e9;
    int done = batchesDone - startBatch;
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total - batchesDone) / rate : 0;
    out.println(
        String.format(
            Locale.ROOT,
            "  epoch %d/%d %4d%%  %d/%d  loss %.4f acc %.2f%%  %.1f it/s  ETA %.1fs",
            epoch,
            epochs,
            100L * batchesDone / total,
            batchesDone,
            total,
            loss,
            accuracy,
            rate,
            eta));
  }

  @Override
  public void finish() {}
}
