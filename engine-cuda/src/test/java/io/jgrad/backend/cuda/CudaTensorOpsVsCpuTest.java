package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels of the tensor ops (pointwise.cu, index.cu) against the CPU backend: every pointwise
 * function forward and backward, comparisons and where, strided gathers and scatters of random
 * permuted and sliced views, and max along an axis with its backward. Strided copies and arg-max
 * move values only, so they must match exactly.
 */
class CudaTensorOpsVsCpuTest extends GpuKernelTestBase {
  private static final double[][] PARAMS = {{0, 0}, {0.1, 0}, {-0.7, 0.4}, {2, 0}, {-1.5, 3}};

  @Test
  void pointwiseFunctionsMatchCpu() {
    SplittableRandom rng = new SplittableRandom(51);
    for (int n : new int[] {1, 1000, 300_001}) {
      float[] x = uniform(rng, n, -4, 4);
      float[] pos = uniform(rng, n, 0.1, 4);
      float[] g = uniform(rng, n, -1, 1);
      for (Fn fn : Fn.values()) {
        for (double[] pq : PARAMS) {
          double p = pq[0];
          double q = fn == Fn.CLAMP ? Math.max(pq[0], pq[1]) : pq[1];
          Storage[] in = cpuAndDevice(fn == Fn.POW ? pos : x);
          Storage[] gg = cpuAndDevice(g);
          String what = fn + " p=" + p + " q=" + q + " n=" + n;
          assertMatches(
              what,
              CPU.pointwise().forward(fn, in[0], p, q),
              gpu.pointwise().forward(fn, in[1], p, q),
              1e-6,
              1e-6);
          assertMatches(
              what + " backward",
              CPU.pointwise().backward(fn, in[0], gg[0], p, q),
              gpu.pointwise().backward(fn, in[1], gg[1], p, q),
              1e-6,
              1e-5);
        }
      }
    }
  }

  @Test
  void comparisonsAndWhereMatchCpuExactly() {
    SplittableRandom rng = new SplittableRandom(52);
    int n = 100_003;
    float[] a = uniform(rng, n, -1, 1);
    float[] b = uniform(rng, n, -1, 1);
    float[] c = uniform(rng, n, -1, 1);
    for (int i = 0; i < n; i++) {
      b[i] = i % 5 == 0 ? a[i] : b[i];
      c[i] = c[i] > 0 ? 1 : 0;
    }
    Storage[] sa = cpuAndDevice(a);
    Storage[] sb = cpuAndDevice(b);
    for (Compare op : Compare.values()) {
      assertArrayEquals(
          values(CPU.pointwise().compare(op, sa[0], sb[0])),
          values(gpu.pointwise().compare(op, sa[1], sb[1])),
          op.name());
    }
    Storage[] sc = cpuAndDevice(c);
    assertArrayEquals(
        values(CPU.pointwise().where(sc[0], sa[0], sb[0])),
        values(gpu.pointwise().where(sc[1], sa[1], sb[1])));
  }

  @Test
  void stridedCopiesMatchCpuExactly() {
    SplittableRandom rng = new SplittableRandom(53);
    for (int trial = 0; trial < 200; trial++) {
      int rank = 1 + rng.nextInt(6);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + rng.nextInt(trial < 190 ? 6 : 40);
      }
      Shape s = Shape.of(dims);
      int[] strides = s.strides();
      int[] view = s.dims();
      int offset = 0;
      for (int d = 0; d < rank; d++) {
        int start = rng.nextInt(view[d]);
        int step = 1 + rng.nextInt(2);
        offset += start * strides[d];
        view[d] = (view[d] - start + step - 1) / step;
        strides[d] *= step;
      }
      for (int i = rank - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = view[i];
        view[i] = view[j];
        view[j] = t;
        t = strides[i];
        strides[i] = strides[j];
        strides[j] = t;
      }
      Storage[] x = cpuAndDevice(uniform(rng, s.numel(), -1, 1));
      float[] cpu = values(CPU.index().gather(x[0], offset, view, strides));
      assertArrayEquals(cpu, values(gpu.index().gather(x[1], offset, view, strides)), "gather");
      Storage[] src = cpuAndDevice(uniform(rng, cpu.length, -1, 1));
      Storage dc = CPU.memory().zeros(s.numel());
      Storage dg = gpu.memory().zeros(s.numel());
      CPU.index().scatter(src[0], dc, offset, view, strides);
      gpu.index().scatter(src[1], dg, offset, view, strides);
      assertArrayEquals(values(dc), values(dg), "scatter");
    }
  }

  @Test
  void maxAlongMatchesCpuExactly() {
    SplittableRandom rng = new SplittableRandom(54);
    int[][] shapes = {{1, 5, 1}, {3, 1, 4}, {7, 9, 11}, {300, 200, 1}, {1, 600, 500}};
    for (int[] s : shapes) {
      float[] x = uniform(rng, s[0] * s[1] * s[2], -1, 1);
      x[0] = Float.NaN;
      Storage[] in = cpuAndDevice(x);
      Storage[] c = CPU.index().maxAlong(in[0], s[0], s[1], s[2]);
      Storage[] g = gpu.index().maxAlong(in[1], s[0], s[1], s[2]);
      assertArrayEquals(values(c[0]), values(g[0]), "values");
      assertArrayEquals(values(c[1]), values(g[1]), "indices");
      Storage[] grad = cpuAndDevice(uniform(rng, s[0] * s[2], -1, 1));
      assertArrayEquals(
          values(CPU.index().maxAlongBackward(grad[0], c[1], s[0], s[1], s[2])),
          values(gpu.index().maxAlongBackward(grad[1], g[1], s[0], s[1], s[2])),
          "backward");
    }
  }
}
