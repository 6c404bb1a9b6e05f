package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Pool2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch-free 2x2 / stride 2 max pooling against the reference: odd and even sizes, ties, NaN,
 * infinities and signed zeros, chunk splits, and bit-identical results for one and two threads.
 */
class MaxPool2x2Test {
  private static Pool2dParams pool(int n, int c, int h, int w) {
    return new Pool2dParams(n, c, h, w, 2, 2, 2, 2, 0, 0, true);
  }

  /** Kind 0: distinct values; 1: heavy ties; 2: special values mixed in. */
  private static float[] input(SplittableRandom rng, int size, int kind) {
    float[] specials = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, -0f};
    float[] x = KernelPair.uniform(rng, size, -1, 1);
    for (int i = 0; i < size; i++) {
      if (kind == 1) {
        x[i] = rng.nextInt(3) - 1;
      } else if (kind == 2 && rng.nextInt(6) == 0) {
        x[i] = specials[rng.nextInt(specials.length)];
      }
    }
    return x;
  }

  private static void compare(Pool2dParams p, float[] x, float[] g, String what) {
    assertTrue(MaxPool2x2.applies(p), "the fast path must be the one under test");
    Storage refX = on(REF, x);
    Storage cpuX = on(CPU, x);
    Storage refY = REF.pool().maxForward(refX, p);
    Storage cpuY = CPU.pool().maxForward(cpuX, p);
    KernelPair.assertClose("forward " + what, refY, cpuY, 0, 0);
    KernelPair.assertClose(
        "backward " + what,
        REF.pool().maxBackward(on(REF, g), refX, refY, p),
        CPU.pool().maxBackward(on(CPU, g), cpuX, cpuY, p),
        0,
        0);
  }

  @Test
  void randomShapesAndValuesMatchReference() {
    SplittableRandom rng = new SplittableRandom(71);
    for (int trial = 0; trial < 240; trial++) {
      Pool2dParams p =
          pool(1 + rng.nextInt(3), 1 + rng.nextInt(4), 2 + rng.nextInt(15), 2 + rng.nextInt(15));
      float[] x = input(rng, p.inputSize(), trial % 3);
      float[] g = KernelPair.uniform(rng, p.outputSize(), -1, 1);
      compare(p, x, g, p + " kind " + trial % 3);
    }
  }

  @Test
  void mnistShapeAndLargeChunkedShapesMatchReference() {
    SplittableRandom rng = new SplittableRandom(72);
    Pool2dParams[] cases = {pool(19, 15, 22, 22), pool(3, 40, 31, 29), pool(2, 7, 64, 65)};
    for (Pool2dParams p : cases) {
      compare(
          p, input(rng, p.inputSize(), 2), KernelPair.uniform(rng, p.outputSize(), -2, 2), "" + p);
    }
  }

  @Test
  void simdAndPlainLoopsAgreeBitForBit() {
    CpuBackend simd = new CpuBackend(Vectorization.best());
    org.junit.jupiter.api.Assumptions.assumeTrue(simd.ops().simd(), "no Vector API module");
    CpuBackend plain = new CpuBackend(Vectorization.plain());
    SplittableRandom rng = new SplittableRandom(74);
    for (int trial = 0; trial < 300; trial++) {
      // widths around and above one vector of windows, odd and even, and all value kinds
      Pool2dParams p =
          pool(1 + rng.nextInt(3), 1 + rng.nextInt(3), 2 + rng.nextInt(9), 2 + rng.nextInt(70));
      float[] x = input(rng, p.inputSize(), trial % 3);
      float[] g = KernelPair.uniform(rng, p.outputSize(), -1, 1);
      if (trial % 7 == 0) {
        g[rng.nextInt(g.length)] = Float.NEGATIVE_INFINITY;
      }
      String what = p + " kind " + trial % 3;
      Storage ys = simd.pool().maxForward(simd.wrap(x), p);
      Storage yp = plain.pool().maxForward(plain.wrap(x), p);
      assertArrayEquals(CpuStorage.data(yp), CpuStorage.data(ys), "forward " + what);
      assertArrayEquals(
          CpuStorage.data(plain.pool().maxBackward(plain.wrap(g), plain.wrap(x), yp, p)),
          CpuStorage.data(simd.pool().maxBackward(simd.wrap(g), simd.wrap(x), ys, p)),
          "backward " + what);
    }
  }

  @Test
  void handComputedTiesNaNAndUncoveredBorder() {
    // 3x3 input: one window (rows 0-1, columns 0-1); row 2 and column 2 get no gradient.
    Pool2dParams p = pool(1, 1, 3, 3);
    float[][] windows = {
      {2, 2, 9, 2, 2, 9, 9, 9, 9}, // tie: the first 2 (top-left) takes it
      {1, Float.NaN, 9, Float.NaN, 5, 9, 9, 9, 9}, // two NaNs: the last one takes it
      {-0f, 0f, 9, -0f, 0f, 9, 9, 9, 9} // zeros of both signs tie: the first
    };
    int[] argmax = {0, 3, 0};
    for (int k = 0; k < windows.length; k++) {
      Storage x = on(CPU, windows[k]);
      Storage y = CPU.pool().maxForward(x, p);
      float[] dx = CpuStorage.data(CPU.pool().maxBackward(on(CPU, new float[] {3f}), x, y, p));
      float[] expected = new float[9];
      expected[argmax[k]] = 3f;
      assertArrayEquals(expected, dx, "window " + k);
    }
    assertTrue(Float.isNaN(CpuStorage.data(CPU.pool().maxForward(on(CPU, windows[1]), p))[0]));
  }

  @Test
  void infiniteGradientsStayWhereTheyLand() {
    Pool2dParams p = pool(1, 1, 2, 2);
    Storage x = on(CPU, new float[] {1, 4, 2, 3});
    Storage y = CPU.pool().maxForward(x, p);
    float[] dx =
        CpuStorage.data(
            CPU.pool().maxBackward(on(CPU, new float[] {Float.POSITIVE_INFINITY}), x, y, p));
    assertArrayEquals(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, dx, "no inf * 0 = NaN");
    assertEquals(4f, CpuStorage.data(y)[0]);
  }

  @Test
  void resultsAreBitIdenticalForOneAndTwoThreads() {
    SplittableRandom rng = new SplittableRandom(73);
    int before = Parallel.threads();
    try {
      for (Pool2dParams p : new Pool2dParams[] {pool(37, 15, 22, 22), pool(5, 9, 17, 23)}) {
        float[] x = input(rng, p.inputSize(), 2);
        float[] g = KernelPair.uniform(rng, p.outputSize(), -1, 1);
        float[][] results = new float[2][];
        float[][] grads = new float[2][];
        for (int t = 1; t <= 2; t++) {
          Parallel.setThreads(t);
          Storage in = on(CPU, x);
          Storage y = CPU.pool().maxForward(in, p);
          results[t - 1] = CpuStorage.data(y).clone();
          grads[t - 1] = CpuStorage.data(CPU.pool().maxBackward(on(CPU, g), in, y, p)).clone();
        }
        assertArrayEquals(results[0], results[1], "forward " + p);
        assertArrayEquals(grads[0], grads[1], "backward " + p);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }
}
