package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Pool2dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorOps} with explicit SIMD through the incubating Vector API, at the platform's
 * preferred vector width (16 floats with AVX-512, 8 with AVX2). This class is compiled separately
 * (with {@code --add-modules jdk.incubator.vector}) and loaded only by reflection from {@link
 * Vectorization}, so the rest of the backend runs on JVMs without the module.
 *
 * <p>The matrix loops are in {@link PanamaGemm} and {@link PanamaDot}, max pooling in {@link
 * PanamaPool}, the channel sums in {@link PanamaSums}.
 */
final class PanamaOps implements VectorOps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Created reflectively by {@link Vectorization}. */
  PanamaOps() {}

  /** Whether the preferred vector shape is wide enough to beat plain Java (8 floats or more). */
  static boolean worthwhile() {
    return L >= 8;
  }

  @Override
  public boolean simd() {
    return true;
  }

  @Override
  public int lanes() {
    return L;
  }

  /** Four vectors: the width of {@link PanamaGemm}'s register tile. */
  @Override
  public int columnBlock() {
    return 4 * L;
  }

  /**
   * Runs of at least one vector are copied as whole vectors, the last one overlapping the one
   * before, so no store reaches past the run; shorter runs element by element. (One vector shape
   * only: mixing shapes in one JVM defeats C2's inlining of the Vector API on JDK 17.)
   */
  @Override
  public void copyRuns(
      float[] src,
      int srcOff,
      int srcPitch,
      float[] dst,
      int dstOff,
      int dstPitch,
      int runs,
      int len) {
    if (len < L) {
      for (int r = 0; r < runs; r++) {
        int s = srcOff + r * srcPitch;
        int d = dstOff + r * dstPitch;
        for (int i = 0; i < len; i++) {
          dst[d + i] = src[s + i];
        }
      }
      return;
    }
    for (int r = 0; r < runs; r++) {
      int s = srcOff + r * srcPitch;
      int d = dstOff + r * dstPitch;
      for (int i = 0; i < len; i += L) {
        int at = Math.min(i, len - L);
        FloatVector.fromArray(S, src, s + at).intoArray(dst, d + at);
      }
    }
  }

  /**
   * Short runs (under one vector) are stored as whole vectors, in order, each followed by zeroing
   * its gap: a store's overflow past its run lands in that gap or in later runs, which are written
   * after it. A run whose vector would reach past the end of the last run (or past the source) is
   * copied element by element, so nothing past the last run is touched.
   */
  @Override
  public void copyRunsZeroGaps(
      float[] src,
      int srcOff,
      int srcPitch,
      float[] dst,
      int dstOff,
      int dstPitch,
      int runs,
      int len) {
    if (len >= L) {
      copyRuns(src, srcOff, srcPitch, dst, dstOff, dstPitch, runs, len);
      for (int r = 0; r < runs - 1; r++) {
        int d = dstOff + r * dstPitch;
        for (int i = d + len; i < d + dstPitch; i++) {
          dst[i] = 0f;
        }
      }
      return;
    }
    int limit = dstOff + (runs - 1) * dstPitch + len; // the end of the last run
    for (int r = 0; r < runs; r++) {
      int s = srcOff + r * srcPitch;
      int d = dstOff + r * dstPitch;
      if (d + L <= limit && s + L <= src.length) {
        FloatVector.fromArray(S, src, s).intoArray(dst, d);
      } else {
        for (int i = 0; i < len; i++) {
          dst[d + i] = src[s + i];
        }
      }
      if (r < runs - 1) {
        for (int i = d + len; i < d + dstPitch; i++) {
          dst[i] = 0f;
        }
      }
    }
  }

  @Override
  public void gemm(
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[] b,
      int[] bOff,
      int k,
      int width) {
    PanamaGemm.gemm(c, cRow, m, a, aOff, aRowStride, aColStride, b, bOff, k, width);
  }

  @Override
  public void dotLanes(
      float[][] a, int aRow, int m, float[] b, int[] bOff, int n, int width, float[] acc) {
    PanamaDot.dotLanes(a, aRow, m, b, bOff, n, width, acc);
  }

  @Override
  public void reluBackward(float[] y, float[] g, float[] out, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (; i + L <= to; i += L) {
      VectorMask<Float> on = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(S, g, i), on).intoArray(out, i);
    }
    for (; i < to; i++) {
      out[i] = CpuElementwise.gate(y[i], g[i]);
    }
  }

  /**
   * The clamp is a compare and a blend ({@code v <= 0} becomes +0), which equals {@code Math.max(v,
   * 0f)} for every float, NaN and -0 included, at a fraction of its cost.
   */
  @Override
  public void affineRelu(
      float[] x, float[] y, int from, int to, float hi, float lo, float scale, float shift) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (; i + L <= to; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i).sub(hi).sub(lo).mul(scale).add(shift);
      v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = Math.max(((x[i] - hi) - lo) * scale + shift, 0f);
    }
  }

  @Override
  public double sum(float[] x, int first, int stride, int planes, int len) {
    return PanamaSums.sum(x, first, stride, planes, len);
  }

  @Override
  public void centeredSums(
      float[] x, int first, int stride, int planes, int len, float hi, float lo, double[] out) {
    PanamaSums.centeredSums(x, first, stride, planes, len, hi, lo, out);
  }

  @Override
  public void gradMoments(
      float[] g,
      float[] x,
      int first,
      int stride,
      int planes,
      int len,
      float hi,
      float lo,
      double[] out) {
    PanamaSums.gradMoments(g, x, first, stride, planes, len, hi, lo, out);
  }

  @Override
  public void maxPool2x2(float[] x, float[] y, Pool2dParams p, int from, int to) {
    PanamaPool.forward(x, y, p, from, to);
  }

  @Override
  public void maxPool2x2Backward(
      float[] x, float[] y, float[] g, float[] dx, Pool2dParams p, int from, int to) {
    PanamaPool.backward(x, y, g, dx, p, from, to);
  }

  @Override
  public void dropoutMask(
      long key,
      long firstBlock,
      int from,
      int to,
      int threshold,
      float keepScale,
      float[] scale,
      float[] x,
      float[] out) {
    if (PanamaPhilox.WORTHWHILE) {
      PanamaPhilox.dropoutMask(key, firstBlock, from, to, threshold, keepScale, scale, x, out);
    } else {
      PlainOps.mask(key, firstBlock, from, to, threshold, keepScale, scale, x, out);
    }
  }
}
