package io.jgrad.examples.mnist.train;

import io.jgrad.Tensor;

/** Class predictions from model outputs. */
public final class Predictions {
  private Predictions() {}

  /** The index of the largest entry of each row of a [N, C] tensor (first one on ties). */
  public static int[] argmax(Tensor scores) {
    if (scores.rank() != 2) {
      throw new IllegalArgumentException(
          "Predictions.argmax: expected scores [N, C], got shape " + scores.shape());
    }
    return argmax(scores.toArray(), scores.dim(0), scores.dim(1));
  }

  /** Row-wise argmax of a row-major [n, c] array (first one on ties). */
  public static int[] argmax(float[] scores, int n, int c) {
    if (scores.length != n * c) {
      throw new IllegalArgumentException(
          "Predictions.argmax: " + scores.length + " scores do not form [" + n + ", " + c + "]");
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      float v = scores[i * c];
      for (int j = 1; j < c; j++) {
        if (scores[i * c + j] > v) {
          v = scores[i * c + j];
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** How many predictions equal their labels. */
  public static int countCorrect(int[] predictions, int[] labels) {
    if (predictions.length != labels.length) {
      throw new IllegalArgumentException(
          "Predictions.countCorrect: "
              + predictions.length
              + " predictions but "
              + labels.length
              + " labels");
    }
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predictions[i] == labels[i]) {
        n++;
      }
    }
    return n;
  }
}
