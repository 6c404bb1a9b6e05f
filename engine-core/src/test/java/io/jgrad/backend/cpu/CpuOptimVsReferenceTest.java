package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SGD and Adam/AdamW steps: five steps on both backends, plus closed-form single cases. */
class CpuOptimVsReferenceTest {
  private static final int SIZE = 40_003;
  private static final int STEPS = 5;

  @Test
  void sgdMatchesReferenceOverFiveSteps() {
    SgdParams[] configs = {
      new SgdParams(0.1, 0, 0, 0, false),
      new SgdParams(0.05, 0.9, 0, 1e-2, false),
      new SgdParams(0.05, 0.9, 0, 0, true),
      new SgdParams(0.1, 0.8, 0.3, 5e-4, false)
    };
    SplittableRandom rng = new SplittableRandom(81);
    for (SgdParams p : configs) {
      float[] w0 = KernelPair.uniform(rng, SIZE, -1, 1);
      Storage refW = on(REF, w0);
      Storage cpuW = on(CPU, w0);
      Storage refBuf = p.momentum() != 0 ? REF.memory().zeros(SIZE) : null;
      Storage cpuBuf = p.momentum() != 0 ? CPU.memory().zeros(SIZE) : null;
      for (int t = 1; t <= STEPS; t++) {
        float[] g = KernelPair.uniform(rng, SIZE, -1, 1);
        REF.optim().sgdStep(refW, on(REF, g), refBuf, p, t == 1);
        CPU.optim().sgdStep(cpuW, on(CPU, g), cpuBuf, p, t == 1);
        KernelPair.assertClose(p + " step " + t, refW, cpuW, 1e-6, 1e-5);
        if (refBuf != null) {
          KernelPair.assertClose(p + " buffer step " + t, refBuf, cpuBuf, 1e-6, 1e-5);
        }
      }
    }
  }

  @Test
  void adamMatchesReferenceOverFiveSteps() {
    AdamParams[] configs = {
      new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0, false),
      new AdamParams(1e-2, 0.8, 0.99, 1e-6, 5e-4, false),
      new AdamParams(1e-2, 0.9, 0.999, 1e-8, 1e-2, true)
    };
    SplittableRandom rng = new SplittableRandom(82);
    for (AdamParams p : configs) {
      float[] w0 = KernelPair.uniform(rng, SIZE, -1, 1);
      Storage refW = on(REF, w0);
      Storage cpuW = on(CPU, w0);
      Storage refM = REF.memory().zeros(SIZE);
      Storage refV = REF.memory().zeros(SIZE);
      Storage cpuM = CPU.memory().zeros(SIZE);
      Storage cpuV = CPU.memory().zeros(SIZE);
      for (int t = 1; t <= STEPS; t++) {
        float[] g = KernelPair.uniform(rng, SIZE, -1, 1);
        REF.optim().adamStep(refW, on(REF, g), refM, refV, p, t);
        CPU.optim().adamStep(cpuW, on(CPU, g), cpuM, cpuV, p, t);
        KernelPair.assertClose(p + " step " + t, refW, cpuW, 1e-6, 1e-5);
        KernelPair.assertClose(p + " exp_avg step " + t, refM, cpuM, 1e-7, 1e-5);
        KernelPair.assertClose(p + " exp_avg_sq step " + t, refV, cpuV, 1e-8, 1e-5);
      }
    }
  }

  @Test
  void handComputedSgd() {
    for (Backend b : BOTH) {
      // Plain: p = 1 - 0.1 * 0.5.
      Storage w = on(b, 1);
      b.optim().sgdStep(w, on(b, 0.5), null, new SgdParams(0.1, 0, 0, 0, false), true);
      assertValues("sgd", new double[] {0.95}, w);
      // Weight decay 0.1: d = 0.5 + 0.1 * 1 = 0.6, p = 1 - 0.06.
      w = on(b, 1);
      b.optim().sgdStep(w, on(b, 0.5), null, new SgdParams(0.1, 0, 0, 0.1, false), true);
      assertValues("sgd weight decay", new double[] {0.94}, w);
      // Momentum 0.9: step 1 buf = 0.5, p = 0.95; step 2 buf = 0.9*0.5 + 0.5 = 0.95, p = 0.855.
      w = on(b, 1);
      Storage buf = b.memory().zeros(1);
      SgdParams mom = new SgdParams(0.1, 0.9, 0, 0, false);
      b.optim().sgdStep(w, on(b, 0.5), buf, mom, true);
      assertValues("momentum step 1 buffer", new double[] {0.5}, buf);
      b.optim().sgdStep(w, on(b, 0.5), buf, mom, false);
      assertValues("momentum step 2", new double[] {0.855}, w);
      assertValues("momentum step 2 buffer", new double[] {0.95}, buf);
      // Dampening 0.5 is skipped on step 1 (buf = d = 0.5); step 2 buf = 0.45 + 0.25 = 0.7.
      w = on(b, 1);
      buf = b.memory().zeros(1);
      SgdParams damp = new SgdParams(0.1, 0.9, 0.5, 0, false);
      b.optim().sgdStep(w, on(b, 0.5), buf, damp, true);
      b.optim().sgdStep(w, on(b, 0.5), buf, damp, false);
      assertValues("dampening", new double[] {0.95 - 0.07}, w);
      // Nesterov: buf = 0.5, d = 0.5 + 0.9 * 0.5 = 0.95, p = 1 - 0.095.
      w = on(b, 1);
      b.optim()
          .sgdStep(w, on(b, 0.5), b.memory().zeros(1), new SgdParams(0.1, 0.9, 0, 0, true), true);
      assertValues("nesterov", new double[] {0.905}, w);
    }
  }

  @Test
  void handComputedAdam() {
    // With a constant gradient g, m_t = (1-b1^t) g and v_t = (1-b2^t) g^2, so after bias
    // correction every step moves p by lr * g / (|g| + eps).
    double lr = 0.01;
    double eps = 1e-8;
    for (Backend b : BOTH) {
      Storage w = on(b, 1, 1);
      Storage m = b.memory().zeros(2);
      Storage v = b.memory().zeros(2);
      AdamParams adam = new AdamParams(lr, 0.9, 0.999, eps, 0, false);
      for (int t = 1; t <= 2; t++) {
        b.optim().adamStep(w, on(b, 0.5, -2), m, v, adam, t);
      }
      double up = lr * 0.5 / (0.5 + eps);
      double down = lr * 2 / (2 + eps);
      assertValues("adam", new double[] {1 - 2 * up, 1 + 2 * down}, w);
      assertValues("adam m", new double[] {(1 - 0.81) * 0.5, (1 - 0.81) * -2}, m);
      assertValues("adam v", new double[] {(1 - 0.999 * 0.999) * 0.25, (1 - 0.999 * 0.999) * 4}, v);
      // Adam with L2 0.1: g = 0.5 + 0.1 * 1 = 0.6 on step 1.
      w = on(b, 1);
      b.optim()
          .adamStep(
              w,
              on(b, 0.5),
              b.memory().zeros(1),
              b.memory().zeros(1),
              new AdamParams(lr, 0.9, 0.999, eps, 0.1, false),
              1);
      assertValues("adam l2", new double[] {1 - lr * 0.6 / (0.6 + eps)}, w);
      // AdamW 0.1: p = 1 * (1 - 0.01 * 0.1) first, then the plain step with g = 0.5.
      w = on(b, 1);
      b.optim()
          .adamStep(
              w,
              on(b, 0.5),
              b.memory().zeros(1),
              b.memory().zeros(1),
              new AdamParams(lr, 0.9, 0.999, eps, 0.1, true),
              1);
      assertValues("adamw", new double[] {(1 - lr * 0.1) - lr * 0.5 / (0.5 + eps)}, w);
    }
  }

  @Test
  void missingBufferAndSizeMismatchAreRejected() {
    for (Backend b : BOTH) {
      Storage w = b.memory().zeros(3);
      assertThrows(
          IllegalArgumentException.class,
          () ->
              b.optim()
                  .sgdStep(
                      w, b.memory().zeros(3), null, new SgdParams(0.1, 0.9, 0, 0, false), true));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              b.optim()
                  .sgdStep(w, b.memory().zeros(2), null, new SgdParams(0.1, 0, 0, 0, false), true));
      AdamParams p = new AdamParams(0.1, 0.9, 0.999, 1e-8, 0, false);
      assertThrows(
          IllegalArgumentException.class,
          () -> b.optim().adamStep(w, w, w, b.memory().zeros(2), p, 1));
      assertThrows(
          IllegalArgumentException.class,
          () -> b.optim().adamStep(w, w, b.memory().zeros(3), b.memory().zeros(3), p, 0));
    }
  }
}
