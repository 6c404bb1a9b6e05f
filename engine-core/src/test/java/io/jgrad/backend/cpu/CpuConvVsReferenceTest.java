package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.backend.reference.RefStorage;
import io.jgrad.testing.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast float32 convolution against the double reference, on many seeded shapes. */
class CpuConvVsReferenceTest {
  private final CpuBackend cpu = backend();

  /** The backend under test: the default one (SIMD when the Vector API module is present). */
  CpuBackend backend() {
    return new CpuBackend();
  }

  private final RefBackend ref = new RefBackend();

  @Test
  void randomConfigurationsMatchReference() {
    Random rnd = new Random(20240611L);
    List<Conv2dParams> configs = randomConfigs(rnd, 320);
    int stridedOrDilated = 0;
    int grouped = 0;
    for (Conv2dParams p : configs) {
      compare(p, rnd.nextBoolean(), rnd.nextLong());
      stridedOrDilated += p.strideH() * p.strideW() * p.dilationH() * p.dilationW() > 1 ? 1 : 0;
      grouped += p.groups() > 1 ? 1 : 0;
    }
    assertTrue(stridedOrDilated > 100 && grouped > 50, "the random mix covers the features");
  }

  @Test
  void mnistNetShapesMatchReference() {
    // batch 19 does not split evenly into any of the kernels' chunks
    for (Conv2dParams p : mnistShapes(19)) {
      compare(p, false, p.inH() * 31L + p.inChannels());
      compare(p, true, p.inH() * 37L + p.outChannels());
    }
  }

  @Test
  void largePlanesSplitIntoTilesMatchReference() {
    // rows longer than one column tile, more output pixels than one im2row block
    compare(conv(2, 4, 70, 66, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1), true, 1);
    compare(conv(2, 2, 70, 66, 4, 5, 3, 2, 1, 2, 1, 1, 2, 2), true, 2);
    compare(conv(1, 1, 80, 80, 2, 3, 3, 1, 1, 0, 0, 1, 1, 1), false, 3);
    compare(conv(3, 6, 40, 37, 6, 3, 3, 1, 2, 1, 1, 2, 1, 3), true, 4);
  }

  @Test
  void depthwiseOneByOneAndFullyConnectedMatchReference() {
    compare(conv(4, 8, 12, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8), true, 5);
    compare(conv(4, 8, 12, 9, 16, 3, 3, 2, 2, 1, 1, 1, 1, 8), true, 6);
    compare(conv(5, 15, 11, 11, 10, 1, 1, 1, 1, 0, 0, 1, 1, 1), false, 7);
    compare(conv(3, 6, 7, 5, 4, 1, 1, 3, 2, 2, 1, 1, 1, 2), true, 8);
    // the kernel covers the whole input: computed as one matrix product
    compare(conv(5, 3, 4, 3, 7, 4, 3, 2, 3, 0, 0, 1, 1, 1), true, 9);
    compare(conv(70, 10, 5, 5, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1), false, 10);
  }

  @Test
  void stridedRowsSplitIntoTilesMatchReference() {
    // gathered rows of more output pixels than one column tile
    compare(conv(1, 1, 150, 140, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1), true, 11);
    compare(conv(2, 3, 100, 90, 3, 3, 2, 1, 2, 2, 0, 2, 1, 1), false, 12);
  }

  @Test
  void resultsAreBitIdenticalForOneAndTwoThreads() {
    Random rnd = new Random(99);
    List<Conv2dParams> configs = new ArrayList<>(randomConfigs(rnd, 40));
    configs.addAll(mnistShapes(37));
    configs.add(conv(3, 4, 70, 66, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1));
    int before = Parallel.threads();
    try {
      for (Conv2dParams p : configs) {
        long seed = rnd.nextLong();
        Parallel.setThreads(1);
        float[][] one = cpuResults(p, seed);
        Parallel.setThreads(2);
        float[][] two = cpuResults(p, seed);
        for (int i = 0; i < one.length; i++) {
          assertArrayEquals(one[i], two[i], "result " + i + " of " + p);
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void rejectsWrongSizesAndImpossibleShapes() {
    Conv2dParams p = conv(1, 2, 5, 5, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1);
    Storage x = cpu.wrap(new float[p.inputSize() - 1]);
    Storage w = cpu.wrap(new float[p.weightSize()]);
    assertThrows(IllegalArgumentException.class, () -> cpu.conv().forward(x, w, null, p));
    Conv2dParams tooBig = conv(1, 1, 2, 2, 1, 3, 3, 3, 3, 0, 0, 1, 1, 1);
    Storage x2 = cpu.wrap(new float[tooBig.inputSize()]);
    Storage w2 = cpu.wrap(new float[tooBig.weightSize()]);
    assertThrows(IllegalArgumentException.class, () -> cpu.conv().forward(x2, w2, null, tooBig));
  }

  /** Forward, input, weight and bias gradients of the CPU kernels against the reference. */
  private void compare(Conv2dParams p, boolean withBias, long seed) {
    Random rnd = new Random(seed);
    float[] x = uniform(rnd, p.inputSize());
    float[] w = uniform(rnd, p.weightSize());
    float[] b = withBias ? uniform(rnd, p.outChannels()) : null;
    float[] gy = uniform(rnd, p.outputSize());
    Storage cb = b == null ? null : cpu.wrap(b);
    Storage rb = b == null ? null : ref.wrap(widen(b));
    String what = p + (withBias ? " with bias" : "");
    close(
        "forward " + what,
        ref.conv().forward(ref.wrap(widen(x)), ref.wrap(widen(w)), rb, p),
        cpu.conv().forward(cpu.wrap(x), cpu.wrap(w), cb, p));
    close(
        "backwardData " + what,
        ref.conv().backwardData(ref.wrap(widen(gy)), ref.wrap(widen(w)), p),
        cpu.conv().backwardData(cpu.wrap(gy), cpu.wrap(w), p));
    close(
        "backwardWeight " + what,
        ref.conv().backwardWeight(ref.wrap(widen(gy)), ref.wrap(widen(x)), p),
        cpu.conv().backwardWeight(cpu.wrap(gy), cpu.wrap(x), p));
    close(
        "backwardBias " + what,
        ref.conv().backwardBias(ref.wrap(widen(gy)), p),
        cpu.conv().backwardBias(cpu.wrap(gy), p));
  }

  private float[][] cpuResults(Conv2dParams p, long seed) {
    Random rnd = new Random(seed);
    float[] x = uniform(rnd, p.inputSize());
    float[] w = uniform(rnd, p.weightSize());
    float[] b = uniform(rnd, p.outChannels());
    float[] gy = uniform(rnd, p.outputSize());
    return new float[][] {
      CpuStorage.data(cpu.conv().forward(cpu.wrap(x), cpu.wrap(w), cpu.wrap(b), p)),
      CpuStorage.data(cpu.conv().backwardData(cpu.wrap(gy), cpu.wrap(w), p)),
      CpuStorage.data(cpu.conv().backwardWeight(cpu.wrap(gy), cpu.wrap(x), p)),
      CpuStorage.data(cpu.conv().backwardBias(cpu.wrap(gy), p))
    };
  }

  static void close(String what, Storage expected, Storage actual) {
    double[] e = RefStorage.data(expected);
    double max = 0;
    for (double v : e) {
      max = Math.max(max, Math.abs(v));
    }
    Tolerances.assertClose(what, e, CpuStorage.data(actual), 1e-5 * max + 1e-6, 1e-4);
  }

  /** Random shapes: batch 1-5, channels 1-17, groups dividing both, everything non-square. */
  static List<Conv2dParams> randomConfigs(Random rnd, int count) {
    List<Conv2dParams> out = new ArrayList<>();
    while (out.size() < count) {
      int cin = 1 + rnd.nextInt(17);
      int cout = 1 + rnd.nextInt(17);
      List<Integer> divisors = new ArrayList<>();
      for (int g = 1; g <= Math.min(cin, cout); g++) {
        if (cin % g == 0 && cout % g == 0) {
          divisors.add(g);
        }
      }
      int groups = divisors.get(rnd.nextInt(divisors.size()));
      Conv2dParams p =
          conv(
              1 + rnd.nextInt(5),
              cin,
              1 + rnd.nextInt(13),
              1 + rnd.nextInt(13),
              cout,
              1 + rnd.nextInt(5),
              1 + rnd.nextInt(5),
              1 + rnd.nextInt(3),
              1 + rnd.nextInt(3),
              rnd.nextInt(3),
              rnd.nextInt(3),
              1 + rnd.nextInt(2),
              1 + rnd.nextInt(2),
              groups);
      boolean fits =
          p.inH() + 2 * p.padH() - p.dilationH() * (p.kernelH() - 1) - 1 >= 0
              && p.inW() + 2 * p.padW() - p.dilationW() * (p.kernelW() - 1) - 1 >= 0;
      if (fits) {
        out.add(p);
      }
    }
    return out;
  }

  /** The convolutions of the MNIST net (stride 1, no padding). */
  static List<Conv2dParams> mnistShapes(int batch) {
    return List.of(
        conv(batch, 1, 28, 28, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 26, 26, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 24, 24, 15, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 15, 11, 11, 10, 1, 1, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 11, 11, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 9, 9, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 7, 7, 10, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        conv(batch, 10, 5, 5, 10, 5, 5, 1, 1, 0, 0, 1, 1, 1));
  }

  static Conv2dParams conv(
      int n,
      int cin,
      int h,
      int w,
      int cout,
      int kh,
      int kw,
      int sh,
      int sw,
      int ph,
      int pw,
      int dh,
      int dw,
      int groups) {
    return new Conv2dParams(n, cin, h, w, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups);
  }

  static float[] uniform(Random rnd, int size) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = rnd.nextFloat() * 2 - 1;
    }
    return a;
  }

  static double[] widen(float[] a) {
    return Tolerances.toDoubles(a);
  }
}
