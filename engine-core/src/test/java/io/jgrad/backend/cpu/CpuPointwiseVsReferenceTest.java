package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertClose;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CPU pointwise kernels against the double reference: every function forward and backward on
 * sizes that span several parallel chunks, comparisons and where exactly.
 */
class CpuPointwiseVsReferenceTest {
  private static final double[][] PARAMS = {{0, 0}, {0.1, 0}, {-0.7, 0.4}, {2, 0}, {-1.5, 3}};

  @Test
  void everyFunctionMatchesReference() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int n : new int[] {1, 7, 1000, 70_001}) {
      float[] x = KernelPair.uniform(rng, n, -4, 4);
      float[] pos = KernelPair.uniform(rng, n, 0.1, 4);
      float[] g = KernelPair.uniform(rng, n, -1, 1);
      for (Fn fn : Fn.values()) {
        for (double[] pq : PARAMS) {
          double p = pq[0];
          double q = fn == Fn.CLAMP ? Math.max(pq[0], pq[1]) : pq[1];
          float[] in = fn == Fn.POW ? pos : x;
          String what = fn + " p=" + p + " q=" + q + " n=" + n;
          assertClose(
              what,
              REF.pointwise().forward(fn, on(REF, in), p, q),
              CPU.pointwise().forward(fn, on(CPU, in), p, q),
              1e-6,
              1e-6);
          // Backward reads the output for sigmoid and tanh: feed both the same saved values.
          assertClose(
              what + " backward",
              REF.pointwise().backward(fn, on(REF, in), on(REF, g), p, q),
              CPU.pointwise().backward(fn, on(CPU, in), on(CPU, g), p, q),
              1e-6,
              1e-5);
        }
      }
    }
  }

  @Test
  void comparisonsAndWhereMatchExactly() {
    SplittableRandom rng = new SplittableRandom(32);
    int n = 50_000;
    float[] a = KernelPair.uniform(rng, n, -1, 1);
    float[] b = KernelPair.uniform(rng, n, -1, 1);
    for (int i = 0; i < n; i += 7) {
      b[i] = a[i]; // some equal pairs
    }
    for (Compare op : Compare.values()) {
      assertArrayEquals(
          values(REF.pointwise().compare(op, on(REF, a), on(REF, b))),
          values(CPU.pointwise().compare(op, on(CPU, a), on(CPU, b))),
          0.0,
          op.name());
    }
    float[] c = KernelPair.uniform(rng, n, -1, 1);
    for (int i = 0; i < n; i++) {
      c[i] = c[i] > 0 ? 1 : 0;
    }
    assertArrayEquals(
        values(REF.pointwise().where(on(REF, c), on(REF, a), on(REF, b))),
        values(CPU.pointwise().where(on(CPU, c), on(CPU, a), on(CPU, b))),
        0.0);
  }
}
