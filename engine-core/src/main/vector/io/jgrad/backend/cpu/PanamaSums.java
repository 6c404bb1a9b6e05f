package io.jgrad.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The channel reductions of {@link PanamaOps}: runs of floats {@code stride} apart (the planes of
 * one channel) summed into two vector accumulators per quantity (two independent add chains), whose
 * lanes move into double, in lane order, after {@link #FLUSH} vectors; the last few floats of each
 * run that do not fill a vector are added in double. The order depends only on the shape, so
 * results are reproducible.
 */
final class PanamaSums {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Vectors added into the float accumulators before their lanes move to double. */
  static final int FLUSH = 128;

  private PanamaSums() {}

  static double sum(float[] x, int first, int stride, int planes, int len) {
    float[] acc = accumulators(2);
    double total = 0;
    int count = 0;
    int full = len / L * L;
    for (int n = 0; n < planes; n++) {
      int off = first + n * stride;
      int i = 0;
      while (i < full) {
        int stop = Math.min(full, i + (FLUSH - count) * L);
        addRange(x, off + i, off + stop, acc);
        count += (stop - i) / L;
        i = stop;
        if (count >= FLUSH) {
          total += flush(acc, 2);
          count = 0;
        }
      }
      for (; i < len; i++) {
        total += x[off + i];
      }
    }
    return total + flush(acc, 2);
  }

  /** acc[0, 2L) += the vectors of x[from, to) (a whole number of vectors), alternating. */
  private static void addRange(float[] x, int from, int to, float[] acc) {
    FloatVector s0 = FloatVector.fromArray(S, acc, 0);
    FloatVector s1 = FloatVector.fromArray(S, acc, L);
    int i = from;
    for (; i + 2 * L <= to; i += 2 * L) {
      s0 = s0.add(FloatVector.fromArray(S, x, i));
      s1 = s1.add(FloatVector.fromArray(S, x, i + L));
    }
    s0.intoArray(acc, 0);
    s1.intoArray(acc, L);
    if (i < to) {
      FloatVector.fromArray(S, acc, 0).add(FloatVector.fromArray(S, x, i)).intoArray(acc, 0);
    }
  }

  /** The sum in double of the {@code count} vectors in acc, lane by lane in order; zeroes acc. */
  private static double flush(float[] acc, int count) {
    double a = 0;
    double b = 0;
    for (int l = 0; l < count * L; l += 2) {
      a += acc[l];
      b += acc[l + 1];
      acc[l] = 0;
      acc[l + 1] = 0;
    }
    return a + b;
  }

  static void centeredSums(
      float[] x, int first, int stride, int planes, int len, float hi, float lo, double[] out) {
    float[] acc = accumulators(4);
    int count = 0;
    int full = len / L * L;
    for (int n = 0; n < planes; n++) {
      int off = first + n * stride;
      int i = 0;
      while (i < full) {
        int stop = Math.min(full, i + (FLUSH - count) * L);
        centeredRange(x, off + i, off + stop, hi, lo, acc);
        count += (stop - i) / L;
        i = stop;
        if (count >= FLUSH) {
          flushInto(acc, 2, out);
          count = 0;
        }
      }
      for (; i < len; i++) {
        float d = (x[off + i] - hi) - lo;
        out[0] += d;
        out[1] += d * d;
      }
    }
    flushInto(acc, 2, out);
  }

  /** acc holds sum d (vectors 0, 1) and sum d^2 (vectors 2, 3) over x[from, to). */
  private static void centeredRange(float[] x, int from, int to, float hi, float lo, float[] acc) {
    FloatVector s0 = FloatVector.fromArray(S, acc, 0);
    FloatVector s1 = FloatVector.fromArray(S, acc, L);
    FloatVector q0 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector q1 = FloatVector.fromArray(S, acc, 3 * L);
    int i = from;
    for (; i + 2 * L <= to; i += 2 * L) {
      FloatVector d0 = FloatVector.fromArray(S, x, i).sub(hi).sub(lo);
      FloatVector d1 = FloatVector.fromArray(S, x, i + L).sub(hi).sub(lo);
      s0 = s0.add(d0);
      s1 = s1.add(d1);
      q0 = d0.fma(d0, q0);
      q1 = d1.fma(d1, q1);
    }
    s0.intoArray(acc, 0);
    s1.intoArray(acc, L);
    q0.intoArray(acc, 2 * L);
    q1.intoArray(acc, 3 * L);
    if (i < to) {
      FloatVector d = FloatVector.fromArray(S, x, i).sub(hi).sub(lo);
      FloatVector.fromArray(S, acc, 0).add(d).intoArray(acc, 0);
      d.fma(d, FloatVector.fromArray(S, acc, 2 * L)).intoArray(acc, 2 * L);
    }
  }

  static void gradMoments(
      float[] g,
      float[] x,
      int first,
      int stride,
      int planes,
      int len,
      float hi,
      float lo,
      double[] out) {
    float[] acc = accumulators(6);
    int count = 0;
    int full = len / L * L;
    for (int n = 0; n < planes; n++) {
      int off = first + n * stride;
      int i = 0;
      while (i < full) {
        int stop = Math.min(full, i + (FLUSH - count) * L);
        momentsRange(g, x, off + i, off + stop, hi, lo, acc);
        count += (stop - i) / L;
        i = stop;
        if (count >= FLUSH) {
          flushInto(acc, 3, out);
          count = 0;
        }
      }
      for (; i < len; i++) {
        float d = (x[off + i] - hi) - lo;
        out[0] += g[off + i];
        out[1] += g[off + i] * d;
        out[2] += d;
      }
    }
    flushInto(acc, 3, out);
  }

  /** acc holds sum g (vectors 0, 1), sum g*d (2, 3) and sum d (4, 5) over [from, to). */
  private static void momentsRange(
      float[] g, float[] x, int from, int to, float hi, float lo, float[] acc) {
    FloatVector sg0 = FloatVector.fromArray(S, acc, 0);
    FloatVector sg1 = FloatVector.fromArray(S, acc, L);
    FloatVector sgd0 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector sgd1 = FloatVector.fromArray(S, acc, 3 * L);
    FloatVector sd0 = FloatVector.fromArray(S, acc, 4 * L);
    FloatVector sd1 = FloatVector.fromArray(S, acc, 5 * L);
    int i = from;
    for (; i + 2 * L <= to; i += 2 * L) {
      FloatVector g0 = FloatVector.fromArray(S, g, i);
      FloatVector g1 = FloatVector.fromArray(S, g, i + L);
      FloatVector d0 = FloatVector.fromArray(S, x, i).sub(hi).sub(lo);
      FloatVector d1 = FloatVector.fromArray(S, x, i + L).sub(hi).sub(lo);
      sg0 = sg0.add(g0);
      sg1 = sg1.add(g1);
      sgd0 = g0.fma(d0, sgd0);
      sgd1 = g1.fma(d1, sgd1);
      sd0 = sd0.add(d0);
      sd1 = sd1.add(d1);
    }
    sg0.intoArray(acc, 0);
    sg1.intoArray(acc, L);
    sgd0.intoArray(acc, 2 * L);
    sgd1.intoArray(acc, 3 * L);
    sd0.intoArray(acc, 4 * L);
    sd1.intoArray(acc, 5 * L);
    if (i < to) {
      FloatVector g0 = FloatVector.fromArray(S, g, i);
      FloatVector d0 = FloatVector.fromArray(S, x, i).sub(hi).sub(lo);
      FloatVector.fromArray(S, acc, 0).add(g0).intoArray(acc, 0);
      g0.fma(d0, FloatVector.fromArray(S, acc, 2 * L)).intoArray(acc, 2 * L);
      FloatVector.fromArray(S, acc, 4 * L).add(d0).intoArray(acc, 4 * L);
    }
  }

  /** The calling thread's {@code vectors} zeroed accumulator vectors ({@link Scratch#FOLD}). */
  private static float[] accumulators(int vectors) {
    float[] acc = Scratch.get().flat(Scratch.FOLD, vectors * L);
    java.util.Arrays.fill(acc, 0, vectors * L, 0f);
    return acc;
  }

  /** Adds quantity q's two accumulator vectors (acc vectors 2q, 2q+1) into out[q]; zeroes acc. */
  private static void flushInto(float[] acc, int quantities, double[] out) {
    for (int q = 0; q < quantities; q++) {
      double a = 0;
      double b = 0;
      for (int l = 2 * q * L; l < (2 * q + 2) * L; l += 2) {
        a += acc[l];
        b += acc[l + 1];
      }
      out[q] += a + b;
    }
    java.util.Arrays.fill(acc, 0, 2 * quantities * L, 0f);
  }
}
