package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Max, average and adaptive average pooling, forward and backward, against the reference. */
class CpuPoolVsReferenceTest {

  private static Pool2dParams randomParams(SplittableRandom rng) {
    int kh = 1 + rng.nextInt(4);
    int kw = 1 + rng.nextInt(4);
    int ph = rng.nextInt(kh / 2 + 1);
    int pw = rng.nextInt(kw / 2 + 1);
    int inH = Math.max(kh - 2 * ph, 1) + rng.nextInt(14);
    int inW = Math.max(kw - 2 * pw, 1) + rng.nextInt(14);
    return new Pool2dParams(
        1 + rng.nextInt(3),
        1 + rng.nextInt(4),
        inH,
        inW,
        kh,
        kw,
        1 + rng.nextInt(3),
        1 + rng.nextInt(3),
        ph,
        pw,
        rng.nextBoolean());
  }

  /** Inputs of three kinds: distinct values, heavy ties, and NaN / -inf sprinkled in. */
  private static float[] input(SplittableRandom rng, int n, int kind) {
    float[] x = KernelPair.uniform(rng, n, -1, 1);
    for (int i = 0; i < n; i++) {
      if (kind == 1) {
        x[i] = rng.nextInt(3);
      } else if (kind == 2 && rng.nextInt(10) == 0) {
        x[i] = rng.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
      }
    }
    return x;
  }

  private static void comparePool(Pool2dParams p, float[] x, float[] g, String what) {
    Storage refX = on(REF, x);
    Storage cpuX = on(CPU, x);
    Storage refY = REF.pool().maxForward(refX, p);
    Storage cpuY = CPU.pool().maxForward(cpuX, p);
    KernelPair.assertClose("max forward " + what, refY, cpuY, 0, 0);
    KernelPair.assertClose(
        "max backward " + what,
        REF.pool().maxBackward(on(REF, g), refX, refY, p),
        CPU.pool().maxBackward(on(CPU, g), cpuX, cpuY, p),
        1e-6,
        1e-6);
    KernelPair.assertClose(
        "avg forward " + what,
        REF.pool().avgForward(refX, p),
        CPU.pool().avgForward(cpuX, p),
        1e-6,
        1e-6);
    KernelPair.assertClose(
        "avg backward " + what,
        REF.pool().avgBackward(on(REF, g), p),
        CPU.pool().avgBackward(on(CPU, g), p),
        1e-6,
        1e-6);
  }

  @Test
  void randomPoolsMatchReference() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int trial = 0; trial < 300; trial++) {
      Pool2dParams p = randomParams(rng);
      float[] x = input(rng, p.inputSize(), trial % 3);
      float[] g = KernelPair.uniform(rng, p.outputSize(), -1, 1);
      comparePool(p, x, g, p.toString());
    }
  }

  @Test
  void largePoolsSplitAcrossChunks() {
    SplittableRandom rng = new SplittableRandom(42);
    Pool2dParams[] cases = {
      new Pool2dParams(4, 16, 28, 28, 2, 2, 2, 2, 0, 0, true),
      new Pool2dParams(2, 33, 32, 31, 3, 3, 1, 1, 1, 1, false),
      new Pool2dParams(3, 7, 41, 23, 3, 2, 2, 1, 1, 0, true)
    };
    for (Pool2dParams p : cases) {
      comparePool(
          p,
          input(rng, p.inputSize(), 0),
          KernelPair.uniform(rng, p.outputSize(), -1, 1),
          p.toString());
    }
  }

  @Test
  void randomAdaptivePoolsMatchReference() {
    SplittableRandom rng = new SplittableRandom(43);
    for (int trial = 0; trial < 200; trial++) {
      int inH = 1 + rng.nextInt(20);
      int inW = 1 + rng.nextInt(20);
      // Output sizes up to 2 past the input: bins then repeat input rows.
      AdaptivePool2dParams p =
          new AdaptivePool2dParams(
              1 + rng.nextInt(3),
              1 + rng.nextInt(5),
              inH,
              inW,
              1 + rng.nextInt(inH + 2),
              1 + rng.nextInt(inW + 2));
      if (trial == 0) {
        p = new AdaptivePool2dParams(8, 64, 28, 28, 1, 1);
      }
      int planes = p.batch() * p.channels();
      float[] x = KernelPair.uniform(rng, planes * p.inH() * p.inW(), -1, 1);
      float[] g = KernelPair.uniform(rng, planes * p.outH() * p.outW(), -1, 1);
      KernelPair.assertClose(
          "adaptive forward " + p,
          REF.pool().adaptiveAvgForward(on(REF, x), p),
          CPU.pool().adaptiveAvgForward(on(CPU, x), p),
          1e-6,
          1e-6);
      KernelPair.assertClose(
          "adaptive backward " + p,
          REF.pool().adaptiveAvgBackward(on(REF, g), p),
          CPU.pool().adaptiveAvgBackward(on(CPU, g), p),
          1e-6,
          1e-6);
    }
  }

  @Test
  void handComputedMaxPool4x4() {
    // x = 0..15 on a 4x4 grid; window (i,j) of a 2x2/2 pool covers rows 2i..2i+1, columns
    // 2j..2j+1, whose maximum is its bottom-right element (2i+1)*4 + 2j+1.
    Pool2dParams p = new Pool2dParams(1, 1, 4, 4, 2, 2, 2, 2, 0, 0, true);
    double[] x = new double[16];
    for (int i = 0; i < 16; i++) {
      x[i] = i;
    }
    double[] expected = {5, 7, 13, 15};
    double[] grad = new double[16];
    double[] g = {1, 2, 3, 4};
    for (int k = 0; k < 4; k++) {
      grad[(int) expected[k]] = g[k];
    }
    for (Backend b : BOTH) {
      Storage in = on(b, x);
      Storage y = b.pool().maxForward(in, p);
      assertValues("max 4x4", expected, y);
      assertValues("max 4x4 backward", grad, b.pool().maxBackward(on(b, g), in, y, p));
      // The average of the block at (i,j) is its top-left value plus (0+1+4+5)/4 = 2.5.
      assertValues("avg 4x4", new double[] {2.5, 4.5, 10.5, 12.5}, b.pool().avgForward(in, p));
    }
  }

  @Test
  void handComputedTiesNaNAndPadding() {
    Pool2dParams p = new Pool2dParams(1, 1, 2, 2, 2, 2, 2, 2, 0, 0, true);
    for (Backend b : BOTH) {
      // All equal: the first element (row-major) is the argmax.
      Storage ties = on(b, 3, 3, 3, 3);
      Storage y = b.pool().maxForward(ties, p);
      assertValues("ties", new double[] {1, 0, 0, 0}, b.pool().maxBackward(on(b, 1), ties, y, p));
      // A NaN wins over larger numbers and takes the gradient.
      Storage withNaN = on(b, 1, Double.NaN, 5, 2);
      Storage yn = b.pool().maxForward(withNaN, p);
      assertValues("NaN wins", new double[] {Double.NaN}, yn);
      assertValues(
          "NaN grad", new double[] {0, 1, 0, 0}, b.pool().maxBackward(on(b, 1), withNaN, yn, p));
    }
    // 3x3 input 0..8, 3x3 window, stride 1, padding 1: output (i,j) is the largest in-bounds
    // neighbour, x[min(i+1,2)*3 + min(j+1,2)].
    Pool2dParams pad = new Pool2dParams(1, 1, 3, 3, 3, 3, 1, 1, 1, 1, true);
    Pool2dParams noPadCount = new Pool2dParams(1, 1, 3, 3, 3, 3, 1, 1, 1, 1, false);
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    double[] maxExpected = new double[9];
    double[] includePad = new double[9];
    double[] excludePad = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        maxExpected[i * 3 + j] = Math.min(i + 1, 2) * 3 + Math.min(j + 1, 2);
        double sum = 0;
        int count = 0;
        for (int h = Math.max(i - 1, 0); h <= Math.min(i + 1, 2); h++) {
          for (int w = Math.max(j - 1, 0); w <= Math.min(j + 1, 2); w++) {
            sum += x[h * 3 + w];
            count++;
          }
        }
        includePad[i * 3 + j] = sum / 9;
        excludePad[i * 3 + j] = sum / count;
      }
    }
    for (Backend b : BOTH) {
      Storage in = on(b, x);
      assertValues("padded max", maxExpected, b.pool().maxForward(in, pad));
      assertValues("avg include pad", includePad, b.pool().avgForward(in, pad));
      assertValues("avg exclude pad", excludePad, b.pool().avgForward(in, noPadCount));
      // Backward of a corner output with count_include_pad: 1/9 to each in-bounds element.
      double[] g = new double[9];
      g[0] = 9;
      assertValues(
          "avg backward corner",
          new double[] {1, 1, 0, 1, 1, 0, 0, 0, 0},
          b.pool().avgBackward(on(b, g), pad));
    }
  }

  @Test
  void handComputedAdaptiveOverlappingBins() {
    // H = 5 to 3 bins: rows [0,2), [1,4), [3,5) (floor(i*5/3) .. ceil((i+1)*5/3)). With x[h] = h:
    // means 0.5, 2 and 3.5. Backward with g = 1 gives each row Σ 1/|bin| over bins holding it.
    AdaptivePool2dParams p = new AdaptivePool2dParams(1, 1, 5, 1, 3, 1);
    double[] grad = {1.0 / 2, 1.0 / 2 + 1.0 / 3, 1.0 / 3, 1.0 / 3 + 1.0 / 2, 1.0 / 2};
    AdaptivePool2dParams global = new AdaptivePool2dParams(1, 2, 2, 2, 1, 1);
    for (Backend b : BOTH) {
      assertValues(
          "adaptive",
          new double[] {0.5, 2, 3.5},
          b.pool().adaptiveAvgForward(on(b, 0, 1, 2, 3, 4), p));
      assertValues("adaptive backward", grad, b.pool().adaptiveAvgBackward(on(b, 1, 1, 1), p));
      assertValues(
          "global",
          new double[] {2.5, 25},
          b.pool().adaptiveAvgForward(on(b, 1, 2, 3, 4, 10, 20, 30, 40), global));
    }
  }

  @Test
  void invalidParamsAndSizesAreRejected() {
    for (Backend b : BOTH) {
      Pool2dParams tooMuchPad = new Pool2dParams(1, 1, 4, 4, 2, 2, 1, 1, 2, 0, true);
      assertThrows(
          IllegalArgumentException.class,
          () -> b.pool().maxForward(b.memory().zeros(16), tooMuchPad));
      Pool2dParams ok = new Pool2dParams(1, 1, 4, 4, 2, 2, 2, 2, 0, 0, true);
      assertThrows(
          IllegalArgumentException.class, () -> b.pool().avgForward(b.memory().zeros(15), ok));
    }
  }
}
