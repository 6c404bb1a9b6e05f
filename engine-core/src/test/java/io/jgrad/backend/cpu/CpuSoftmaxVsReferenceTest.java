package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Softmax and log-softmax, forward and backward, over [outer, dim, inner] layouts. */
class CpuSoftmaxVsReferenceTest {

  private static void compare(SplittableRandom rng, int outer, int dim, int inner, double scale) {
    int n = outer * dim * inner;
    float[] x = KernelPair.uniform(rng, n, -scale, scale);
    float[] g = KernelPair.uniform(rng, n, -1, 1);
    for (boolean log : new boolean[] {false, true}) {
      String what = (log ? "log_softmax " : "softmax ") + outer + "x" + dim + "x" + inner;
      Storage refY = REF.softmax().forward(on(REF, x), outer, dim, inner, log);
      KernelPair.assertClose(
          what, refY, CPU.softmax().forward(on(CPU, x), outer, dim, inner, log), 1e-7, 1e-5);
      // Both backends get the same float-rounded forward output.
      float[] y = REF.memory().toFloats(refY);
      KernelPair.assertClose(
          what + " backward",
          REF.softmax().backward(on(REF, g), on(REF, y), outer, dim, inner, log),
          CPU.softmax().backward(on(CPU, g), on(CPU, y), outer, dim, inner, log),
          1e-6,
          1e-5);
    }
  }

  @Test
  void randomLayoutsMatchReference() {
    SplittableRandom rng = new SplittableRandom(61);
    for (int trial = 0; trial < 200; trial++) {
      compare(
          rng,
          1 + rng.nextInt(6),
          1 + rng.nextInt(12),
          rng.nextInt(3) == 0 ? 1 : 1 + rng.nextInt(9),
          5);
    }
  }

  @Test
  void largeAndUnevenLayoutsMatchReference() {
    SplittableRandom rng = new SplittableRandom(62);
    compare(rng, 1000, 10, 1, 10);
    compare(rng, 3, 7, 513, 10);
    compare(rng, 2, 5000, 1, 3);
    compare(rng, 64, 10, 300, 3);
    compare(rng, 1, 3, 70_000, 3);
    // Logits around +-100 need the maximum subtracted first.
    compare(rng, 50, 10, 1, 100);
  }

  @Test
  void handComputedForward() {
    // softmax(0, ln 2, ln 3) = (1, 2, 3) / 6; log-softmax is its log.
    double[] x = {0, Math.log(2), Math.log(3)};
    // Logits 1000 apart from nothing: exp(1000) overflows unless the max is subtracted.
    double[] big = {1000, 1000};
    // [1, dim 2, inner 2] = columns (0, ln 3) and (0, 0): softmax (1/4, 3/4) and (1/2, 1/2).
    double[] cols = {0, 0, Math.log(3), 0};
    for (Backend b : BOTH) {
      var k = b.softmax();
      assertValues(
          "softmax", new double[] {1.0 / 6, 2.0 / 6, 3.0 / 6}, k.forward(on(b, x), 1, 3, 1, false));
      assertValues(
          "log_softmax",
          new double[] {Math.log(1.0 / 6), Math.log(2.0 / 6), Math.log(3.0 / 6)},
          k.forward(on(b, x), 1, 3, 1, true));
      assertValues("stable", new double[] {0.5, 0.5}, k.forward(on(b, big), 1, 2, 1, false));
      assertValues(
          "stable log",
          new double[] {-Math.log(2), -Math.log(2)},
          k.forward(on(b, big), 1, 2, 1, true));
      assertValues(
          "inner", new double[] {0.25, 0.5, 0.75, 0.5}, k.forward(on(b, cols), 1, 2, 2, false));
    }
  }

  @Test
  void handComputedBackward() {
    for (Backend b : BOTH) {
      var k = b.softmax();
      // y = (1/2, 1/2), g = (1, 0): Σ g y = 1/2, dx = y (g - 1/2) = (1/4, -1/4).
      assertValues(
          "softmax backward",
          new double[] {0.25, -0.25},
          k.backward(on(b, 1, 0), on(b, 0.5, 0.5), 1, 2, 1, false));
      // log y = (ln 1/2, ln 1/2), g = (1, 0): Σ g = 1, dx = g - e^y = (1/2, -1/2).
      double l = Math.log(0.5);
      assertValues(
          "log_softmax backward",
          new double[] {0.5, -0.5},
          k.backward(on(b, 1, 0), on(b, l, l), 1, 2, 1, true));
    }
  }

  @Test
  void sizeMismatchIsRejected() {
    for (Backend b : BOTH) {
      assertThrows(
          IllegalArgumentException.class,
          () -> b.softmax().forward(b.memory().zeros(5), 2, 3, 1, false));
    }
  }
}
