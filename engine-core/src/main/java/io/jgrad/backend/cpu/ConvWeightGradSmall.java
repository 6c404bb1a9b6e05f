package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Conv2dParams;
import java.util.Arrays;

/**
 * Weight gradient for few taps per output channel (first layers, 1x1 and depthwise convolutions),
 * where im2row sweeps over the taps would be too short to vectorize.
 *
 * <p>Each weight is a dot product of an im2col row with an output-gradient row, summed over
 * samples. Float dot products do not vectorize in C2, so the sum runs elementwise instead: the rows
 * of {@code per} samples are laid side by side into one long row, and {@code acc[j] += dy0[j] *
 * x0[j] + dy1[j] * x1[j]} runs over pairs of such rows (a vectorized sweep); {@code acc} is folded
 * by vectorized halving once per group of rows.
 */
final class ConvWeightGradSmall {
  /** Budget in floats for the rows of one group (input and gradient rows). */
  static final int ROW_BUDGET = 1 << 18;

  /** Most rows per group. */
  static final int MAX_ROWS = 16;

  /** Samples side by side in a row until it is at least this long. */
  static final int TARGET_ROW = 512;

  private ConvWeightGradSmall() {}

  /** Adds samples [n0, n1) to acc, laid out like the weight. */
  static void addSamples(Conv2dParams p, float[] x, float[] gy, int n0, int n1, double[] acc) {
    ConvPlan plan = ConvPlan.forward(p);
    int kg = plan.taps();
    int mg = p.outPerGroup();
    int rowLen = plan.rowLength();
    int tile = Math.min(rowLen, ConvForward.MAX_COLUMNS);
    int per = rowLen > tile ? 1 : Math.max(1, Math.min(n1 - n0, TARGET_ROW / rowLen));
    int rows = Math.max(1, Math.min(MAX_ROWS, ROW_BUDGET / ((kg + mg) * per * tile)));
    for (int s = n0; s < n1; s += per * rows) {
      int count = Math.min(per * rows, n1 - s);
      for (int g = 0; g < p.groups(); g++) {
        for (int j0 = 0; j0 < rowLen; j0 += ConvForward.MAX_COLUMNS) {
          int j1 = Math.min(rowLen, j0 + ConvForward.MAX_COLUMNS);
          block(plan, p, x, gy, s, count, per, g, j0, j1, acc);
        }
      }
    }
  }

  /** Samples [n0, n0 + count), {@code per} to a row, group g, columns [j0, j1). */
  private static void block(
      ConvPlan plan,
      Conv2dParams p,
      float[] x,
      float[] gy,
      int n0,
      int count,
      int per,
      int g,
      int j0,
      int j1,
      double[] acc) {
    Scratch scratch = Scratch.get();
    int cg = p.inPerGroup();
    int mg = p.outPerGroup();
    int taps = p.kernelH() * p.kernelW();
    int kg = cg * taps;
    int len = j1 - j0;
    int width = per * len;
    int nrows = (count + per - 1) / per;
    int pixels = p.outH() * p.outW();
    boolean identity = plan.identityPlane();
    float[] plane = identity ? x : scratch.flat(Scratch.PLANE, plan.planeH() * plan.planeW());
    float[][] rows = scratch.rows(Scratch.ROWS, nrows * kg, width);
    float[][] grads = scratch.rows(Scratch.GRAD_ROWS, nrows * mg, width);
    for (int t = 0; t < nrows; t++) {
      for (int q = 0; q < per; q++) {
        int n = n0 + t * per + q;
        if (n >= n0 + count) {
          // a short last row: zeros contribute nothing
          for (int i = 0; i < kg; i++) {
            Arrays.fill(rows[t * kg + i], q * len, width, 0f);
          }
          for (int m = 0; m < mg; m++) {
            Arrays.fill(grads[t * mg + m], q * len, width, 0f);
          }
          break;
        }
        for (int icl = 0; icl < cg; icl++) {
          int srcOff = (n * p.inChannels() + g * cg + icl) * p.inH() * p.inW();
          if (!identity) {
            Im2col.fillPlane(plan, x, srcOff, plane);
          }
          int row0 = t * kg + icl * taps;
          Im2col.rows(plan, plane, identity ? srcOff : 0, j0, j1, rows, row0, q * len);
        }
        for (int m = 0; m < mg; m++) {
          int off = (n * p.outChannels() + g * mg + m) * pixels;
          Im2col.gatherOutput(plan, gy, off, j0, j1, grads[t * mg + m], q * len);
        }
      }
    }
    float[] sum = scratch.flat(Scratch.FLAT, width);
    float[] tmp = scratch.flat(Scratch.FOLD, width);
    for (int k = 0; k < kg; k++) {
      for (int m = 0; m < mg; m++) {
        int t;
        if (nrows >= 2) {
          product2(sum, grads[m], rows[k], grads[mg + m], rows[kg + k], width);
          t = 2;
        } else {
          product1(sum, grads[m], rows[k], width);
          t = 1;
        }
        for (; t + 2 <= nrows; t += 2) {
          accumulate2(
              sum,
              grads[t * mg + m],
              rows[t * kg + k],
              grads[(t + 1) * mg + m],
              rows[(t + 1) * kg + k],
              width);
        }
        if (t < nrows) {
          accumulate1(sum, grads[t * mg + m], rows[t * kg + k], width);
        }
        acc[(g * mg + m) * kg + k] += fold(sum, width, tmp);
      }
    }
  }

  private static void product1(float[] s, float[] d0, float[] b0, int len) {
    for (int j = 0; j < len; j++) {
      s[j] = d0[j] * b0[j];
    }
  }

  private static void product2(float[] s, float[] d0, float[] b0, float[] d1, float[] b1, int len) {
    for (int j = 0; j < len; j++) {
      s[j] = d0[j] * b0[j] + d1[j] * b1[j];
    }
  }

  private static void accumulate1(float[] s, float[] d0, float[] b0, int len) {
    for (int j = 0; j < len; j++) {
      s[j] += d0[j] * b0[j];
    }
  }

  private static void accumulate2(
      float[] s, float[] d0, float[] b0, float[] d1, float[] b1, int len) {
    for (int j = 0; j < len; j++) {
      s[j] += d0[j] * b0[j] + d1[j] * b1[j];
    }
  }

  /** Sum of s[0, len) by halving (pairwise, vectorized), the last few in double. */
  static double fold(float[] s, int len, float[] tmp) {
    int n = len;
    while (n > 64) {
      int half = n >>> 1;
      int rest = n - half;
      System.arraycopy(s, rest, tmp, 0, half);
      for (int j = 0; j < half; j++) {
        s[j] += tmp[j];
      }
      n = rest;
    }
    return Sums.sum(s, 0, n);
  }
}
