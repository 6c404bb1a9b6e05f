package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every primitive CUDA kernel against the float64 reference backend on random shapes: memory,
 * element-wise, broadcast, sums, matrix products, NLL and the fused optimizer steps; plus the
 * allocator's behaviour on a real device and cross-thread use of a buffer. The nn kernels (cuDNN)
 * are in {@link CudaVsCpuNnKernelTest}.
 */
class CudaVsCpuKernelTest extends GpuKernelTestBase {
  @Test
  void memoryRoundTripsAreExact() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int n : new int[] {0, 1, 7, 1000, 1 << 20, (int) (HostStagingLimit.FLOATS + 3)}) {
      float[] x = uniform(rng, n, -5, 5);
      Storage s = dev.memory().fromFloats(x);
      assertArrayEquals(x, dev.memory().toFloats(s), "fromFloats/toFloats of " + n);
      Storage c = dev.memory().copy(s);
      assertArrayEquals(x, dev.memory().toFloats(c), "copy of " + n);
      Storage z = dev.memory().zeros(n);
      dev.memory().copyInto(s, z);
      assertArrayEquals(x, dev.memory().toFloats(z), "copyInto of " + n);
      s.close();
      c.close();
      z.close();
    }
    assertArrayEquals(new float[5], dev.memory().toFloats(dev.memory().zeros(5)));
    float[] full = dev.memory().toFloats(dev.memory().full(4, 2.5));
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, full);
    double[] d = {0.1, -1e-40, 3.0000001};
    double[] asFloats = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      asFloats[i] = (float) d[i]; // storages hold float32
    }
    assertArrayEquals(asFloats, dev.memory().toDoubles(dev.memory().fromDoubles(d)));
    assertThrows(
        IllegalArgumentException.class,
        () -> dev.memory().copyInto(dev.memory().zeros(2), dev.memory().zeros(3)));
    assertThrows(
        IllegalArgumentException.class, () -> dev.memory().toFloats(REF.memory().zeros(2)));
  }

  /** The float count above which host transfers go through the pinned buffer in chunks. */
  private static final class HostStagingLimit {
    static final long FLOATS = io.jgrad.backend.cuda.runtime.HostStaging.MAX_BYTES / 4;
  }

  @Test
  void elementwiseMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int n : new int[] {1, 33, 4096, 300_001}) {
      float[] a = uniform(rng, n, -3, 3);
      float[] b = uniform(rng, n, 0.5, 2);
      a[0] = Float.NaN;
      Storage[] x = both(a);
      Storage[] y = both(b);
      for (UnaryOp op : UnaryOp.values()) {
        Storage[] in = op == UnaryOp.LOG || op == UnaryOp.SQRT ? y : x;
        assertMatches(
            op + " n=" + n,
            REF.elementwise().unary(op, in[0]),
            dev.elementwise().unary(op, in[1]),
            1e-6,
            4e-7);
      }
      for (BinaryOp op : BinaryOp.values()) {
        assertMatches(
            op + " n=" + n,
            REF.elementwise().binary(op, x[0], y[0]),
            dev.elementwise().binary(op, x[1], y[1]),
            1e-6,
            2e-7);
        assertMatches(
            op + " scalar n=" + n,
            REF.elementwise().binaryScalar(op, x[0], -1.75),
            dev.elementwise().binaryScalar(op, x[1], -1.75),
            1e-6,
            2e-7);
      }
      REF.elementwise().accumulate(y[0], x[0]);
      dev.elementwise().accumulate(y[1], x[1]);
      assertMatches("accumulate n=" + n, y[0], y[1], 0, 0);
    }
  }

  @Test
  void expandMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int t = 0; t < 40; t++) {
      int rank = 1 + rng.nextInt(5);
      int[] to = new int[rank];
      int[] from = new int[rank];
      for (int d = 0; d < rank; d++) {
        to[d] = 1 + rng.nextInt(6);
        from[d] = rng.nextInt(3) == 0 ? 1 : to[d];
      }
      Shape f = Shape.of(from);
      Shape o = Shape.of(to);
      Storage[] x = both(uniform(rng, f.numel(), -1, 1));
      assertMatches(
          "expand " + f + " -> " + o,
          REF.copy().expand(x[0], f, o),
          dev.copy().expand(x[1], f, o),
          0,
          0);
    }
  }

  @Test
  void sumsMatchCpu() {
    SplittableRandom rng = new SplittableRandom(4);
    List<int[]> shapes = new ArrayList<>();
    shapes.add(new int[] {64, 16, 28, 28});
    shapes.add(new int[] {4, 100_000});
    shapes.add(new int[] {1_000_003});
    for (int t = 0; t < 30; t++) {
      int rank = 1 + rng.nextInt(4);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + rng.nextInt(40);
      }
      shapes.add(dims);
    }
    for (int[] dims : shapes) {
      Shape s = Shape.of(dims);
      Storage[] x = both(uniform(rng, s.numel(), -1, 1));
      for (int mask = 0; mask < (1 << dims.length); mask++) {
        int[] axes = axesOf(mask, dims.length);
        Storage ref = REF.reduce().sum(x[0], s, axes);
        double count = s.numel() / (double) Math.max(1, ref.size());
        assertMatches(
            "sum of " + s + " over mask " + mask,
            ref,
            dev.reduce().sum(x[1], s, axes),
            1e-6 * Math.sqrt(count) + 1e-6,
            1e-5);
      }
    }
  }

  private static int[] axesOf(int mask, int rank) {
    return java.util.stream.IntStream.range(0, rank).filter(d -> (mask >> d & 1) != 0).toArray();
  }

  @Test
  void matmulMatchesCpuForAllTransposes() {
    SplittableRandom rng = new SplittableRandom(5);
    int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {64, 784, 10}, {128, 300, 70}, {33, 1, 65}};
    for (int[] s : sizes) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          Storage[] a = both(uniform(rng, s[0] * s[1], -1, 1));
          Storage[] b = both(uniform(rng, s[1] * s[2], -1, 1));
          assertMatches(
              "matmul " + java.util.Arrays.toString(s) + " ta=" + ta + " tb=" + tb,
              REF.blas().matmul(a[0], b[0], s[0], s[1], s[2], ta, tb),
              dev.blas().matmul(a[1], b[1], s[0], s[1], s[2], ta, tb),
              2e-6 * Math.sqrt(s[1]) + 1e-6,
              1e-5);
        }
      }
    }
  }

  @Test
  void nllMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(6);
    for (int[] bc : new int[][] {{1, 1}, {7, 10}, {512, 10}, {3000, 37}}) {
      int batch = bc[0];
      int classes = bc[1];
      int[] targets = new int[batch];
      for (int i = 0; i < batch; i++) {
        targets[i] = rng.nextInt(classes);
      }
      Storage[] lp = both(uniform(rng, batch * classes, -5, 0));
      assertMatches(
          "nll forward " + batch + "x" + classes,
          REF.loss().nllForward(lp[0], targets, batch, classes),
          dev.loss().nllForward(lp[1], targets, batch, classes),
          1e-6,
          1e-6);
      Storage[] g = both(new float[] {0.75f});
      assertMatches(
          "nll backward " + batch + "x" + classes,
          REF.loss().nllBackward(g[0], targets, batch, classes),
          dev.loss().nllBackward(g[1], targets, batch, classes),
          0,
          1e-7);
    }
  }

  @Test
  void optimizerStepsMatchCpu() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 10_007;
    SgdParams[] sgds = {
      new SgdParams(0.1, 0, 0, 0, false),
      new SgdParams(0.05, 0.9, 0.1, 1e-4, false),
      new SgdParams(0.05, 0.9, 0, 5e-4, true)
    };
    for (SgdParams p : sgds) {
      Storage[] w = both(uniform(rng, n, -1, 1));
      Storage[] buf = p.momentum() != 0 ? both(new float[n]) : new Storage[2];
      for (int step = 0; step < 3; step++) {
        Storage[] g = both(uniform(rng, n, -1, 1));
        REF.optim().sgdStep(w[0], g[0], buf[0], p, step == 0);
        dev.optim().sgdStep(w[1], g[1], buf[1], p, step == 0);
      }
      assertMatches("sgd " + p, w[0], w[1], 1e-7, 1e-6);
      if (buf[0] != null) {
        assertMatches("sgd buffer " + p, buf[0], buf[1], 1e-7, 1e-6);
      }
    }
    for (boolean decoupled : new boolean[] {false, true}) {
      AdamParams p = new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0.01, decoupled);
      Storage[] w = both(uniform(rng, n, -1, 1));
      Storage[] m = both(new float[n]);
      Storage[] v = both(new float[n]);
      for (int step = 1; step <= 3; step++) {
        Storage[] g = both(uniform(rng, n, -1, 1));
        REF.optim().adamStep(w[0], g[0], m[0], v[0], p, step);
        dev.optim().adamStep(w[1], g[1], m[1], v[1], p, step);
      }
      assertMatches("adam " + p, w[0], w[1], 1e-7, 1e-6);
      assertMatches("adam exp_avg " + p, m[0], m[1], 1e-7, 1e-6);
      assertMatches("adam exp_avg_sq " + p, v[0], v[1], 1e-9, 1e-6);
    }
  }

  @Test
  void closeReturnsMemoryAndOversizedRequestsFailClearly() {
    CudaBackend cu = cuda();
    CudaStorage s = (CudaStorage) cu.memory().zeros(1 << 20);
    assertEquals(4L << 20, s.blockBytes(), "4 MiB is its own size class");
    long held = cu.allocator().stats().inUse();
    s.close();
    // Cleaners of earlier garbage may release more meanwhile, never less.
    assertTrue(cu.allocator().stats().inUse() <= held - (4L << 20), "close() must release");
    assertTrue(s.isClosed());
    s.close(); // idempotent
    assertThrows(IllegalArgumentException.class, () -> cu.memory().toFloats(s));
    // A pool capped at 256 MiB (as -Djgrad.cuda.maxBytes=256m does), so this runs on any GPU.
    try (CudaBackend capped = CudaBackend.create(cu.context().device(), 256L << 20)) {
      assertEquals(256L << 20, capped.allocator().stats().limit());
      CudaOutOfMemoryException e =
          assertThrows(CudaOutOfMemoryException.class, () -> capped.allocate(Integer.MAX_VALUE));
      assertTrue(e.getMessage().contains(String.valueOf(4L * Integer.MAX_VALUE)), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertTrue(e.getMessage().contains("jgrad.cuda.maxBytes=" + (256L << 20)), e.getMessage());
      Storage fits = capped.memory().fromFloats(new float[] {1, 2, 3});
      assertArrayEquals(new float[] {1, 2, 3}, capped.memory().toFloats(fits));
    }
  }

  @Test
  void aBufferWrittenOnOneThreadIsReadCorrectlyOnAnother() throws Exception {
    SplittableRandom rng = new SplittableRandom(8);
    float[] a = uniform(rng, 1 << 20, -1, 1);
    float[] b = uniform(rng, 1 << 20, -1, 1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Storage> other =
          pool.submit(
              () ->
                  dev.elementwise()
                      .binary(
                          BinaryOp.MUL, dev.memory().fromFloats(a), dev.memory().fromFloats(b)));
      Storage product = other.get();
      Storage sum = dev.elementwise().binary(BinaryOp.ADD, product, product);
      Storage[] x = both(a);
      Storage[] y = both(b);
      Storage ref = REF.elementwise().binary(BinaryOp.MUL, x[0], y[0]);
      assertMatches("cross-thread", REF.elementwise().binary(BinaryOp.ADD, ref, ref), sum, 0, 0);
    } finally {
      pool.shutdown();
    }
  }
}
