package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Philox;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout: the same seed gives the same mask on both backends, with inverted scaling. */
class CpuDropoutVsReferenceTest {

  /**
   * The mask the contract prescribes for a fresh generator of {@code seed}: unit u kept iff the
   * uniform float of word u of the counter-based stream (key = seed, first block 0) is >= p.
   */
  private static boolean[] expectedKeep(long seed, int units, double p) {
    boolean[] keep = new boolean[units];
    for (int u = 0; u < units; u++) {
      keep[u] = Philox.uniform(Philox.word(seed, 0, u)) >= p;
    }
    return keep;
  }

  @Test
  void sameSeedGivesSameMaskAndValuesOnBothBackends() {
    SplittableRandom rng = new SplittableRandom(51);
    int[][] shapes = {{7}, {3, 5}, {2, 3, 4, 5}, {4, 16, 28, 28}, {100_003}};
    for (int[] dims : shapes) {
      Shape shape = Shape.of(dims);
      for (boolean channelwise : new boolean[] {false, true}) {
        if (channelwise && dims.length < 2) {
          continue;
        }
        for (double p : new double[] {0.1, 0.5, 0.9}) {
          float[] x = KernelPair.uniform(rng, shape.numel(), 0.5, 1.5);
          float[] g = KernelPair.uniform(rng, shape.numel(), -1, 1);
          String what = "dropout " + shape + " p=" + p + " channelwise=" + channelwise;
          DropoutKernels.Result r =
              REF.dropout().forward(on(REF, x), shape, p, channelwise, new Generator(9));
          DropoutKernels.Result c =
              CPU.dropout().forward(on(CPU, x), shape, p, channelwise, new Generator(9));
          KernelPair.assertClose(what, r.output(), c.output(), 0, 1e-6);
          KernelPair.assertClose(
              what + " backward",
              REF.dropout().backward(on(REF, g), r.mask(), shape, p, channelwise),
              CPU.dropout().backward(on(CPU, g), c.mask(), shape, p, channelwise),
              0,
              1e-6);
          // Inputs are >= 0.5, so an output is zero exactly where its unit was dropped.
          double[] out = values(c.output());
          int units = channelwise ? dims[0] * dims[1] : shape.numel();
          boolean[] keep = expectedKeep(9, units, p);
          int per = shape.numel() / units;
          for (int i = 0; i < out.length; i++) {
            double want = keep[i / per] ? x[i] / (1 - p) : 0;
            assertEquals(want, out[i], 1e-6 * Math.abs(want), what + " element " + i);
          }
        }
      }
    }
  }

  @Test
  void keepRateIsOneMinusP() {
    int n = 200_000;
    double p = 0.3;
    Storage y =
        CPU.dropout()
            .forward(CPU.memory().full(n, 1), Shape.of(n), p, false, new Generator(3))
            .output();
    int kept = 0;
    for (double v : values(y)) {
      kept += v != 0 ? 1 : 0;
    }
    // Binomial(n, 0.7): standard deviation sqrt(n * 0.7 * 0.3) ≈ 205; allow 5 sigma.
    assertEquals(n * (1 - p), kept, 5 * Math.sqrt(n * p * (1 - p)));
  }

  @Test
  void pZeroIsIdentityAndPOneIsZeroWithoutDrawing() {
    Shape shape = Shape.of(2, 3);
    double[] x = {1, -2, 3, -4, 5, -6};
    double[] g = {0.5, 1, 1.5, 2, 2.5, 3};
    for (Backend b : BOTH) {
      for (boolean channelwise : new boolean[] {false, true}) {
        Generator gen = new Generator(5);
        long[] before = gen.getState();
        DropoutKernels.Result zero = b.dropout().forward(on(b, x), shape, 0, channelwise, gen);
        assertValues("p=0", x, zero.output());
        assertValues(
            "p=0 backward", g, b.dropout().backward(on(b, g), zero.mask(), shape, 0, channelwise));
        DropoutKernels.Result one = b.dropout().forward(on(b, x), shape, 1, channelwise, gen);
        assertValues("p=1", new double[6], one.output());
        assertValues(
            "p=1 backward",
            new double[6],
            b.dropout().backward(on(b, g), one.mask(), shape, 1, channelwise));
        assertArrayEquals(before, gen.getState(), "p = 0 and p = 1 draw nothing");
      }
    }
  }

  @Test
  void handComputedChannelwiseMask() {
    // [N=2, C=2, 2] with p = 0.5: channel u (of 4) is kept iff the u-th draw is >= 0.5, and a
    // kept channel is doubled.
    Shape shape = Shape.of(2, 2, 2);
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    boolean[] keep = expectedKeep(77, 4, 0.5);
    double[] expected = new double[8];
    for (int i = 0; i < 8; i++) {
      expected[i] = keep[i / 2] ? 2 * x[i] : 0;
    }
    for (Backend b : BOTH) {
      Generator gen = new Generator(77);
      DropoutKernels.Result r = b.dropout().forward(on(b, x), shape, 0.5, true, gen);
      assertValues("channelwise", expected, r.output());
      assertValues(
          "channelwise backward",
          expected,
          b.dropout().backward(on(b, x), r.mask(), shape, 0.5, true));
      // Exactly one block of the counter-based stream was consumed; the sequential one is
      // untouched.
      Generator fresh = new Generator(77);
      assertEquals(1, gen.streamOffset(), "blocks drawn on " + b.device());
      assertEquals(fresh.nextLong(), gen.nextLong(), "sequential stream on " + b.device());
    }
  }

  @Test
  void maskIsTheSameForAnyThreadCount() {
    int before = Parallel.threads();
    Shape shape = Shape.of(3, 50_001);
    float[] x = new float[shape.numel()];
    java.util.Arrays.fill(x, 1f);
    double[] first = null;
    try {
      for (int threads : new int[] {1, 2, 3, 5}) {
        Parallel.setThreads(threads);
        Generator gen = new Generator(123);
        gen.reserveDraw(10); // start mid-stream
        double[] out = values(CPU.dropout().forward(on(CPU, x), shape, 0.25, false, gen).output());
        if (first == null) {
          first = out;
        } else {
          assertArrayEquals(first, out, "mask at " + threads + " threads");
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
    boolean[] keep = new boolean[shape.numel()];
    for (int u = 0; u < keep.length; u++) {
      keep[u] = Philox.uniform(Philox.word(123, 3, u)) >= 0.25;
      assertEquals(keep[u] ? 1 / 0.75 : 0, first[u], 1e-6, "unit " + u);
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    for (Backend b : BOTH) {
      Storage x = b.memory().zeros(4);
      assertThrows(
          IllegalArgumentException.class,
          () -> b.dropout().forward(x, Shape.of(4), 1.5, false, new Generator(1)));
      assertThrows(
          IllegalArgumentException.class,
          () -> b.dropout().forward(x, Shape.of(4), 0.5, true, new Generator(1)));
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> b.dropout().forward(x, Shape.of(5), 0.5, false, new Generator(1)));
      assertTrue(e.getMessage().contains("[5]"), e.getMessage());
    }
  }
}
