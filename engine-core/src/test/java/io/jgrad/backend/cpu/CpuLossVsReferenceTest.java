package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Negative log-likelihood, mean reduction, forward and backward. */
class CpuLossVsReferenceTest {

  @Test
  void randomBatchesMatchReference() {
    SplittableRandom rng = new SplittableRandom(71);
    for (int trial = 0; trial < 100; trial++) {
      int batch = 1 + rng.nextInt(trial == 0 ? 5000 : 70);
      int classes = 1 + rng.nextInt(12);
      float[] logp = KernelPair.uniform(rng, batch * classes, -8, 0);
      int[] targets = rng.ints(batch, 0, classes).toArray();
      String what = "nll " + batch + "x" + classes;
      KernelPair.assertClose(
          what,
          REF.loss().nllForward(on(REF, logp), targets, batch, classes),
          CPU.loss().nllForward(on(CPU, logp), targets, batch, classes),
          1e-7,
          1e-6);
      float grad = (float) rng.nextDouble(-2, 2);
      KernelPair.assertClose(
          what + " backward",
          REF.loss().nllBackward(on(REF, grad), targets, batch, classes),
          CPU.loss().nllBackward(on(CPU, grad), targets, batch, classes),
          0,
          1e-6);
    }
  }

  @Test
  void handComputed() {
    // logp = [[-1, -2], [-3, -4]], targets (1, 0): loss = -(-2 + -3) / 2 = 2.5. With an
    // upstream gradient of 2 the picked entries get -2/2 = -1 and the rest 0.
    double[] logp = {-1, -2, -3, -4};
    int[] targets = {1, 0};
    for (Backend b : BOTH) {
      assertValues("nll", new double[] {2.5}, b.loss().nllForward(on(b, logp), targets, 2, 2));
      assertValues(
          "nll backward",
          new double[] {0, -1, -1, 0},
          b.loss().nllBackward(on(b, 2), targets, 2, 2));
    }
  }

  @Test
  void mismatchedSizesAreRejected() {
    for (Backend b : BOTH) {
      assertThrows(
          IllegalArgumentException.class,
          () -> b.loss().nllForward(b.memory().zeros(5), new int[] {0, 1}, 2, 2));
      assertThrows(
          IllegalArgumentException.class,
          () -> b.loss().nllForward(b.memory().zeros(4), new int[] {0}, 2, 2));
      assertThrows(
          IllegalArgumentException.class,
          () -> b.loss().nllBackward(b.memory().zeros(2), new int[] {0, 1}, 2, 2));
    }
  }
}
