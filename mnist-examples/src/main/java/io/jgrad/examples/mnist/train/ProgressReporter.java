package io.jgrad.examples.mnist.train;

import java.io.PrintStream;

/**
 * Shows the progress of an epoch's batches: a tqdm-style bar on a terminal, a compact line every
 * ~10% when the output is a file or a CI log, or nothing.
 */
public interface ProgressReporter {
  /**
   * An epoch starts.
   *
   * @param epoch the epoch number, from 1
   * @param epochs the number of epochs of the run
   * @param totalBatches batches in a full epoch
   * @param startBatch the first batch run (non-zero when resuming mid-epoch)
   */
  void start(int epoch, int epochs, int totalBatches, int startBatch);

  /**
   * A batch is done.
   *
   * @param batchesDone batches of this epoch done so far (including skipped resumed ones)
   * @param loss the running mean training loss of the epoch
   * @param accuracy the running training accuracy of the epoch, in percent
   */
  void update(int batchesDone, double loss, double accuracy);

  /** The epoch's batches are done (the bar is closed before the epoch line is printed). */
  void finish();

  /** A reporter that shows nothing. */
  static ProgressReporter silent() {
    return new ProgressReporter() {
      @Override
      public void start(int epoch, int epochs, int totalBatches, int startBatch) {}

      @Override
      public void update(int batchesDone, double loss, double accuracy) {}

      @Override
      public void finish() {}
    };
  }

  /**
   * The reporter for {@code out}: a live bar when the process has an interactive terminal and the
   * {@code CI} environment variable is not {@code true}, else compact lines.
   */
  static ProgressReporter forConsole(PrintStream out) {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean terminal = System.console() != null;
    return terminal && !ci ? new BarProgress(out) : new LineProgress(out, System::nanoTime);
  }
}
