package io.jgrad.backend.cpu;

import java.util.Arrays;

/**
 * The channel reductions of {@link PlainOps}, shaped for C2's auto-vectorizer: the runs (planes) of
 * several samples are copied side by side into one row of at least {@link #ROW} floats, rows are
 * added position by position in float (a vectorized sweep), and after at most {@link #BLOCK} rows
 * the partial sums move to double. Float error is bounded by sums of {@link #BLOCK} terms while the
 * long sums run in double; the order depends only on the shape.
 */
final class ChannelSums {
  /** Rows summed in float before their partial sums move to double. */
  static final int BLOCK = 8;

  /** Minimum row length in floats (whole runs per row). */
  static final int ROW = 512;

  private ChannelSums() {}

  /** Sum over {@code planes} runs of {@code len} floats at {@code first + n * stride}. */
  static double sum(float[] x, int first, int stride, int planes, int len) {
    int per = runsPerRow(planes, len);
    float[][] r = Scratch.get().rows(Scratch.ROWS, 2, per * len);
    float[] t = r[0];
    float[] acc = r[1];
    double total = 0;
    for (int n0 = 0; n0 < planes; n0 += per * BLOCK) {
      Arrays.fill(acc, 0, per * len, 0f);
      for (int n = n0; n < Math.min(planes, n0 + per * BLOCK); n += per) {
        int rowLen = copyRow(x, first, stride, planes, len, n, per, t);
        for (int j = 0; j < rowLen; j++) {
          acc[j] += t[j];
        }
      }
      total += Sums.sum(acc, 0, per * len);
    }
    return total;
  }

  /** {@link VectorOps#centeredSums} over the same runs as {@link #sum}. */
  static void centered(
      float[] x, int first, int stride, int planes, int len, float hi, float lo, double[] out) {
    int per = runsPerRow(planes, len);
    int width = per * len;
    float[][] r = Scratch.get().rows(Scratch.ROWS, 3, width);
    float[] t = r[0];
    float[] sd = r[1];
    float[] sdd = r[2];
    for (int n0 = 0; n0 < planes; n0 += per * BLOCK) {
      Arrays.fill(sd, 0, width, 0f);
      Arrays.fill(sdd, 0, width, 0f);
      for (int n = n0; n < Math.min(planes, n0 + per * BLOCK); n += per) {
        int rowLen = copyRow(x, first, stride, planes, len, n, per, t);
        for (int j = 0; j < rowLen; j++) {
          float d = (t[j] - hi) - lo;
          sd[j] += d;
          sdd[j] += d * d;
        }
      }
      out[0] += Sums.sum(sd, 0, width);
      out[1] += Sums.sum(sdd, 0, width);
    }
  }

  /** {@link VectorOps#gradMoments} over the same runs as {@link #sum}. */
  static void moments(
      float[] g,
      float[] x,
      int first,
      int stride,
      int planes,
      int len,
      float hi,
      float lo,
      double[] out) {
    int per = runsPerRow(planes, len);
    int width = per * len;
    float[][] r = Scratch.get().rows(Scratch.ROWS, 5, width);
    float[] tg = r[0];
    float[] tx = r[1];
    float[] sg = r[2];
    float[] sgd = r[3];
    float[] sd = r[4];
    for (int n0 = 0; n0 < planes; n0 += per * BLOCK) {
      Arrays.fill(sg, 0, width, 0f);
      Arrays.fill(sgd, 0, width, 0f);
      Arrays.fill(sd, 0, width, 0f);
      for (int n = n0; n < Math.min(planes, n0 + per * BLOCK); n += per) {
        copyRow(g, first, stride, planes, len, n, per, tg);
        int rowLen = copyRow(x, first, stride, planes, len, n, per, tx);
        for (int j = 0; j < rowLen; j++) {
          float d = (tx[j] - hi) - lo;
          sg[j] += tg[j];
          sgd[j] += tg[j] * d;
          sd[j] += d;
        }
      }
      out[0] += Sums.sum(sg, 0, width);
      out[1] += Sums.sum(sgd, 0, width);
      out[2] += Sums.sum(sd, 0, width);
    }
  }

  private static int runsPerRow(int planes, int len) {
    return Math.max(1, Math.min(planes, ROW / Math.max(1, len)));
  }

  /** Copies runs [n, n + per) (clipped to {@code planes}) into t; returns the floats copied. */
  private static int copyRow(
      float[] x, int first, int stride, int planes, int len, int n, int per, float[] t) {
    int count = Math.min(per, planes - n);
    for (int q = 0; q < count; q++) {
      System.arraycopy(x, first + (n + q) * stride, t, q * len, len);
    }
    return count * len;
  }
}
