package io.jgrad.examples.mnist.report;

import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs. Row = true label, column = prediction, so the
 * diagonal holds the correct answers, row sums the class frequencies, and row-normalised diagonals
 * the per-class recall.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix over {@code numClasses} classes. */
  public ConfusionMatrix(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: numClasses must be >= 1, got " + numClasses);
    }
    counts = new long[numClasses][numClasses];
  }

  /** Number of classes. */
  public int numClasses() {
    return counts.length;
  }

  /** Records one example. */
  public void add(int trueLabel, int predicted) {
    check("trueLabel", trueLabel);
    check("predicted", predicted);
    counts[trueLabel][predicted]++;
  }

  /** Records a batch of examples, pairwise. */
  public void addAll(int[] trueLabels, int[] predicted) {
    if (trueLabels.length != predicted.length) {
      throw new IllegalArgumentException(
          "ConfusionMatrix.addAll: "
              + trueLabels.length
              + " labels but "
              + predicted.length
              + " predictions");
    }
    for (int i = 0; i < trueLabels.length; i++) {
      add(trueLabels[i], predicted[i]);
    }
  }

  private void check(String what, int c) {
    if (c < 0 || c >= counts.length) {
      throw new IllegalArgumentException(
          "ConfusionMatrix.add: " + what + " must be in [0, " + counts.length + "), got " + c);
    }
  }

  /** How many examples of class {@code trueLabel} were predicted as {@code predicted}. */
  public long count(int trueLabel, int predicted) {
    return counts[trueLabel][predicted];
  }

  /** Total number of examples. */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /** Number of correct predictions (the trace). */
  public long correct() {
    long t = 0;
    for (int i = 0; i < counts.length; i++) {
      t += counts[i][i];
    }
    return t;
  }

  /** Accuracy in percent (NaN when empty). */
  public double accuracy() {
    long n = total();
    return n == 0 ? Double.NaN : 100.0 * correct() / n;
  }

  /** Examples whose true class is {@code c}. */
  public long support(int c) {
    long t = 0;
    for (long v : counts[c]) {
      t += v;
    }
    return t;
  }

  /** Examples predicted as {@code c}. */
  public long predictedCount(int c) {
    long t = 0;
    for (long[] row : counts) {
      t += row[c];
    }
    return t;
  }

  /** Recall of class {@code c} in percent: correct / support (NaN when the class is absent). */
  public double recall(int c) {
    long s = support(c);
    return s == 0 ? Double.NaN : 100.0 * counts[c][c] / s;
  }

  /** Precision of class {@code c} in percent: correct / predicted (NaN when never predicted). */
  public double precision(int c) {
    long p = predictedCount(c);
    return p == 0 ? Double.NaN : 100.0 * counts[c][c] / p;
  }

  /** A text table: rows true labels, columns predictions, plus recall per row. */
  public String format() {
    int n = counts.length;
    int width = Math.max(5, Long.toString(maxCount()).length() + 1);
    StringBuilder sb = new StringBuilder();
    sb.append("true\\pred");
    for (int j = 0; j < n; j++) {
      sb.append(pad(Integer.toString(j), width));
    }
    sb.append("   recall\n");
    for (int i = 0; i < n; i++) {
      sb.append(pad(Integer.toString(i), 9));
      for (int j = 0; j < n; j++) {
        sb.append(pad(Long.toString(counts[i][j]), width));
      }
      sb.append(String.format(Locale.ROOT, "  %6.2f%%%n", recall(i)));
    }
    sb.append(
        String.format(Locale.ROOT, "accuracy %.2f%% (%d / %d)%n", accuracy(), correct(), total()));
    return sb.toString();
  }

  /** The largest cell count. */
  public long maxCount() {
    long m = 0;
    for (long[] row : counts) {
      for (long c : row) {
        m = Math.max(m, c);
      }
    }
    return m;
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
