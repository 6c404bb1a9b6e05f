package io.jgrad.backend.cpu;

import io.jgrad.backend.params.BatchNormParams;
import java.util.Arrays;

/**
 * Per-channel reductions for batch norm over the planes {@code (n * C + c) * spatial} of every
 * sample n. The planes of several samples are copied side by side into one row of at least {@link
 * #ROW} floats, rows are added position by position in float (a vectorized sweep), and after at
 * most {@link #BLOCK} rows the partial sums move to double. Float error is bounded by sums of
 * {@link #BLOCK} terms while the long sums run in double; the order depends only on the shape.
 */
final class ChannelSums {
  /** Rows summed in float before their partial sums move to double. */
  static final int BLOCK = 8;

  /** Minimum row length in floats (whole planes per row). */
  static final int ROW = 512;

  private ChannelSums() {}

  /** Sum of channel c. */
  static double sum(BatchNormParams p, float[] x, int c) {
    int per = planesPerRow(p);
    float[][] r = Scratch.get().rows(Scratch.ROWS, 2, per * p.spatial());
    float[] t = r[0];
    float[] acc = r[1];
    double total = 0;
    for (int n0 = 0; n0 < p.batch(); n0 += per * BLOCK) {
      Arrays.fill(acc, 0, per * p.spatial(), 0f);
      for (int n = n0; n < Math.min(p.batch(), n0 + per * BLOCK); n += per) {
        int len = copyRow(p, x, c, n, per, t);
        for (int j = 0; j < len; j++) {
          acc[j] += t[j];
        }
      }
      total += Sums.sum(acc, 0, per * p.spatial());
    }
    return total;
  }

  /**
   * Over channel c, with d = x - center (center subtracted as a float pair hi + lo): returns {sum
   * d, sum d^2}. With a center close to the mean the terms are small, so the exact mean is center +
   * sum d / n and the variance sum d^2 / n - (sum d / n)^2 without cancellation.
   */
  static double[] centered(BatchNormParams p, float[] x, int c, double center) {
    int per = planesPerRow(p);
    int rowLen = per * p.spatial();
    float[][] r = Scratch.get().rows(Scratch.ROWS, 3, rowLen);
    float[] t = r[0];
    float[] sd = r[1];
    float[] sdd = r[2];
    float hi = (float) center;
    float lo = (float) (center - hi);
    double[] total = new double[2];
    for (int n0 = 0; n0 < p.batch(); n0 += per * BLOCK) {
      Arrays.fill(sd, 0, rowLen, 0f);
      Arrays.fill(sdd, 0, rowLen, 0f);
      for (int n = n0; n < Math.min(p.batch(), n0 + per * BLOCK); n += per) {
        int len = copyRow(p, x, c, n, per, t);
        for (int j = 0; j < len; j++) {
          float d = (t[j] - hi) - lo;
          sd[j] += d;
          sdd[j] += d * d;
        }
      }
      total[0] += Sums.sum(sd, 0, rowLen);
      total[1] += Sums.sum(sdd, 0, rowLen);
    }
    return total;
  }

  /**
   * Over channel c, with d = x - center (center subtracted as hi + lo): returns {sum g, sum g * d,
   * sum d}.
   */
  static double[] moments(BatchNormParams p, float[] g, float[] x, int c, double center) {
    int per = planesPerRow(p);
    int rowLen = per * p.spatial();
    float[][] r = Scratch.get().rows(Scratch.ROWS, 5, rowLen);
    float[] tg = r[0];
    float[] tx = r[1];
    float[] sg = r[2];
    float[] sgd = r[3];
    float[] sd = r[4];
    float hi = (float) center;
    float lo = (float) (center - hi);
    double[] total = new double[3];
    for (int n0 = 0; n0 < p.batch(); n0 += per * BLOCK) {
      Arrays.fill(sg, 0, rowLen, 0f);
      Arrays.fill(sgd, 0, rowLen, 0f);
      Arrays.fill(sd, 0, rowLen, 0f);
      for (int n = n0; n < Math.min(p.batch(), n0 + per * BLOCK); n += per) {
        copyRow(p, g, c, n, per, tg);
        int len = copyRow(p, x, c, n, per, tx);
        for (int j = 0; j < len; j++) {
          float d = (tx[j] - hi) - lo;
          sg[j] += tg[j];
          sgd[j] += tg[j] * d;
          sd[j] += d;
        }
      }
      total[0] += Sums.sum(sg, 0, rowLen);
      total[1] += Sums.sum(sgd, 0, rowLen);
      total[2] += Sums.sum(sd, 0, rowLen);
    }
    return total;
  }

  private static int planesPerRow(BatchNormParams p) {
    return Math.max(1, Math.min(p.batch(), ROW / Math.max(1, p.spatial())));
  }

  /** Copies the planes of samples [n, n + per) (clipped to the batch) into t; returns floats. */
  private static int copyRow(BatchNormParams p, float[] x, int c, int n, int per, float[] t) {
    int len = p.spatial();
    int count = Math.min(per, p.batch() - n);
    for (int q = 0; q < count; q++) {
      System.arraycopy(x, ((n + q) * p.channels() + c) * len, t, q * len, len);
    }
    return count * len;
  }
}
