package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels;
import io.jgrad.backend.kernels.PointwiseMath;

/**
 * Parameterised element-wise maps on float32 buffers, split across {@link Parallel}. Each element
 * is computed in double by {@link PointwiseMath} (the reference definition) and rounded once, so
 * the result is the reference result rounded to float32.
 */
final class CpuPointwise implements PointwiseKernels {
  /** Elements per chunk. */
  private static final int GRAIN = 1 << 14;

  private final CpuBackend backend;

  CpuPointwise(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage forward(Fn fn, Storage x, double p, double q) {
    float[] a = CpuStorage.data(x);
    CpuStorage out = backend.uninitialized(a.length);
    float[] o = out.data;
    Parallel.forChunks(
        a.length,
        GRAIN,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            o[i] = (float) PointwiseMath.forward(fn, a[i], p, q);
          }
        });
    return out;
  }

  @Override
  public Storage backward(Fn fn, Storage saved, Storage g, double p, double q) {
    float[] s = CpuStorage.data(saved);
    float[] gg = CpuStorage.data(g);
    sameSize(fn.name().toLowerCase() + " backward", s.length, gg.length);
    CpuStorage out = backend.uninitialized(s.length);
    float[] o = out.data;
    Parallel.forChunks(
        s.length,
        GRAIN,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            o[i] = (float) PointwiseMath.backward(fn, s[i], gg[i], p, q);
          }
        });
    return out;
  }

  @Override
  public Storage compare(Compare op, Storage a, Storage b) {
    float[] x = CpuStorage.data(a);
    float[] y = CpuStorage.data(b);
    sameSize(op.name().toLowerCase(), x.length, y.length);
    CpuStorage out = backend.uninitialized(x.length);
    float[] o = out.data;
    Parallel.forChunks(
        x.length,
        GRAIN,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            o[i] = (float) PointwiseMath.compare(op, x[i], y[i]);
          }
        });
    return out;
  }

  @Override
  public Storage where(Storage cond, Storage a, Storage b) {
    float[] c = CpuStorage.data(cond);
    float[] x = CpuStorage.data(a);
    float[] y = CpuStorage.data(b);
    sameSize("where", c.length, x.length);
    sameSize("where", c.length, y.length);
    CpuStorage out = backend.uninitialized(c.length);
    float[] o = out.data;
    Parallel.forChunks(
        c.length,
        GRAIN,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            o[i] = c[i] != 0 ? x[i] : y[i];
          }
        });
    return out;
  }

  private static void sameSize(String op, int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "pointwise " + op + ": sizes differ, " + a + " vs " + b + " elements");
    }
  }
}
