package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Pool2dParams;

/**
 * {@link VectorOps} in plain Java, for JVMs without the Vector API module: one lane, so widths are
 * not padded. The matrix loops here are the straightforward ones; the kernels do not run their
 * large products through them on this path (they use {@link RowGemm}, shaped for C2's
 * auto-vectorizer), but tests compare them with the SIMD implementation. {@link #gemm} makes the
 * same fused multiply-adds in the same order as the SIMD one (where {@link RowGemm#FUSED}), so its
 * results are the same bit for bit. Channel sums are {@link ChannelSums}.
 */
final class PlainOps implements VectorOps {
  /** The single instance. */
  static final PlainOps INSTANCE = new PlainOps();

  private PlainOps() {}

  @Override
  public boolean simd() {
    return false;
  }

  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public int columnBlock() {
    return 1;
  }

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
    for (int r = 0; r < runs; r++) {
      Im2col.copy(src, srcOff + r * srcPitch, dst, dstOff + r * dstPitch, len);
    }
  }

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
    for (int r = 0; r < runs; r++) {
      int d = dstOff + r * dstPitch;
      Im2col.copy(src, srcOff + r * srcPitch, dst, d, len);
      if (r < runs - 1) {
        java.util.Arrays.fill(dst, d + len, d + dstPitch, 0f);
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
    for (int i = 0; i < m; i++) {
      float[] ci = c[cRow + i];
      for (int p = 0; p < k; p++) {
        float w = a[aOff + i * aRowStride + p * aColStride];
        int o = bOff[p];
        if (RowGemm.FUSED) {
          for (int j = 0; j < width; j++) {
            ci[j] = Math.fma(w, b[o + j], ci[j]);
          }
        } else {
          for (int j = 0; j < width; j++) {
            ci[j] += w * b[o + j];
          }
        }
      }
    }
  }

  @Override
  public void dotLanes(
      float[][] a, int aRow, int m, float[] b, int[] bOff, int n, int width, float[] acc) {
    for (int i = 0; i < m; i++) {
      float[] ai = a[aRow + i];
      for (int q = 0; q < n; q++) {
        int o = bOff[q];
        float s = 0;
        for (int j = 0; j < width; j++) {
          s += ai[j] * b[o + j];
        }
        acc[i * n + q] += s;
      }
    }
  }

  @Override
  public void reluBackward(float[] y, float[] g, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = CpuElementwise.gate(y[i], g[i]);
    }
  }

  @Override
  public void affineRelu(
      float[] x, float[] y, int from, int to, float hi, float lo, float scale, float shift) {
    for (int i = from; i < to; i++) {
      y[i] = Math.max(((x[i] - hi) - lo) * scale + shift, 0f);
    }
  }

  @Override
  public double sum(float[] x, int first, int stride, int planes, int len) {
    return ChannelSums.sum(x, first, stride, planes, len);
  }

  @Override
  public void centeredSums(
      float[] x, int first, int stride, int planes, int len, float hi, float lo, double[] out) {
    ChannelSums.centered(x, first, stride, planes, len, hi, lo, out);
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
    ChannelSums.moments(g, x, first, stride, planes, len, hi, lo, out);
  }

  @Override
  public void maxPool2x2(float[] x, float[] y, Pool2dParams p, int from, int to) {
    MaxPool2x2.forward(x, y, p, from, to, Scratch.get().flat(Scratch.FLAT, p.inW()));
  }

  @Override
  public void maxPool2x2Backward(
      float[] x, float[] y, float[] g, float[] dx, Pool2dParams p, int from, int to) {
    MaxPool2x2.backward(x, y, g, dx, p, from, to);
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
    mask(key, firstBlock, from, to, threshold, keepScale, scale, x, out);
  }

  /**
   * {@link #dropoutMask} in plain Java (also the ends of {@code PanamaPhilox}'s vector groups): the
   * uniforms go to {@code scale} first, and {@code threshold * 2^-24}, exact in float, is the same
   * test on them as the integer one on the words.
   */
  static void mask(
      long key,
      long firstBlock,
      int from,
      int to,
      int threshold,
      float keepScale,
      float[] scale,
      float[] x,
      float[] out) {
    io.jgrad.Philox.uniforms(key, firstBlock, from, to, scale, 0);
    float limit = threshold * 0x1p-24f;
    for (int u = from; u < to; u++) {
      float s = scale[u] >= limit ? keepScale : 0f;
      scale[u] = s;
      if (out != null) {
        out[u] = x[u] * s;
      }
    }
  }
}
