package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Interpolation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batched image rotation: CPU against the reference, and hand-checked geometry on both. */
class CpuImageVsReferenceTest {
  private static final double[] FILL_ZERO = {0};

  @Test
  void randomBatchesMatchReference() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + rng.nextInt(trial == 0 ? 40 : 5);
      int c = 1 + rng.nextInt(3);
      int h = 1 + rng.nextInt(12);
      int w = 1 + rng.nextInt(12);
      Shape shape = Shape.of(n, c, h, w);
      float[] x = KernelPair.uniform(rng, n * c * h * w, 0, 1);
      double[] deg = rng.doubles(n, -180, 180).toArray();
      double[] fill = fillFor(rng, c);
      for (Interpolation interp : Interpolation.values()) {
        String what = "rotate " + interp + " " + shape + " fill " + Arrays.toString(fill);
        Storage ref = REF.image().rotate(on(REF, x), shape, deg, interp, fill);
        Storage cpu = CPU.image().rotate(on(CPU, x), shape, deg, interp, fill);
        // Both sample at the same double coordinates; nearest copies, bilinear rounds once.
        KernelPair.assertClose(what, ref, cpu, 0, interp == Interpolation.NEAREST ? 0 : 1e-6);
      }
    }
  }

  private static double[] fillFor(SplittableRandom rng, int c) {
    switch (rng.nextInt(3)) {
      case 0:
        return null;
      case 1:
        return new double[] {rng.nextInt(2)};
      default:
        double[] f = new double[c];
        for (int i = 0; i < c; i++) {
          f[i] = (float) rng.nextDouble(); // float values, so the float backend holds them exactly
        }
        return f;
    }
  }

  @Test
  void quarterTurnsMovePixelsCounterClockwise() {
    // 90 degrees: output (i, j) samples sx = 2 - i, sy = j (cos 90 is 6e-17, far from a rounding
    // boundary), so out[i][j] = in[j][2 - i]: the right column becomes the top row.
    double[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] ccw90 = {3, 6, 9, 2, 5, 8, 1, 4, 7};
    double[] turned180 = {9, 8, 7, 6, 5, 4, 3, 2, 1};
    Shape s = Shape.of(1, 1, 3, 3);
    for (Backend b : BOTH) {
      for (Interpolation interp : Interpolation.values()) {
        // Bilinear weighs in the 6e-17 offset: exact up to double rounding.
        assertArrayEquals(
            ccw90,
            values(b.image().rotate(on(b, img), s, new double[] {90}, interp, FILL_ZERO)),
            1e-12);
        assertArrayEquals(
            turned180,
            values(b.image().rotate(on(b, img), s, new double[] {180}, interp, FILL_ZERO)),
            1e-12);
        assertArrayEquals(
            img, values(b.image().rotate(on(b, img), s, new double[] {0}, interp, FILL_ZERO)));
      }
    }
  }

  @Test
  void outsidePixelsTakeTheFillPerChannel() {
    // A 1x3 row turned by 90 degrees: output (0, j) samples (sx, sy) = (1, j - 1), so the middle
    // keeps its value and both ends fall outside the single row (fill, per channel).
    double[] row = {1, 2, 3, 10, 20, 30};
    Shape s = Shape.of(1, 2, 1, 3);
    double[] fill = {-1, -2};
    for (Backend b : BOTH) {
      assertArrayEquals(
          new double[] {-1, 2, -1, -2, 20, -2},
          values(b.image().rotate(on(b, row), s, new double[] {90}, Interpolation.NEAREST, fill)),
          b.device() + " nearest");
      assertArrayEquals(
          new double[] {0, 2, 0, 0, 20, 0},
          values(b.image().rotate(on(b, row), s, new double[] {90}, Interpolation.NEAREST, null)),
          b.device() + " fill=None");
    }
  }

  @Test
  void eachImageUsesItsOwnAngle() {
    SplittableRandom rng = new SplittableRandom(9);
    float[] x = KernelPair.uniform(rng, 3 * 2 * 7 * 6, 0, 1);
    double[] deg = {-33.3, 12.5, 71};
    Shape batch = Shape.of(3, 2, 7, 6);
    Shape one = Shape.of(1, 2, 7, 6);
    int per = 2 * 7 * 6;
    for (Interpolation interp : Interpolation.values()) {
      float[] all = CPU.memory().toFloats(CPU.image().rotate(on(CPU, x), batch, deg, interp, null));
      for (int b = 0; b < 3; b++) {
        float[] img = Arrays.copyOfRange(x, b * per, (b + 1) * per);
        float[] single =
            CPU.memory()
                .toFloats(
                    CPU.image().rotate(on(CPU, img), one, new double[] {deg[b]}, interp, null));
        assertArrayEquals(single, Arrays.copyOfRange(all, b * per, (b + 1) * per));
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    for (Backend b : BOTH) {
      Storage x = on(b, new float[12]);
      Shape s = Shape.of(2, 1, 2, 3);
      double[] two = {1, 2};
      Interpolation nn = Interpolation.NEAREST;
      assertThrows(
          IllegalArgumentException.class, () -> b.image().rotate(x, s, new double[1], nn, null));
      assertThrows(
          IllegalArgumentException.class, () -> b.image().rotate(x, Shape.of(12), two, nn, null));
      Shape one = Shape.of(1, 1, 2, 3);
      assertThrows(IllegalArgumentException.class, () -> b.image().rotate(x, one, two, nn, null));
      assertThrows(IllegalArgumentException.class, () -> b.image().rotate(x, s, two, null, null));
      assertThrows(
          IllegalArgumentException.class, () -> b.image().rotate(x, s, two, nn, new double[2]));
      double[] nan = {1, Double.NaN};
      assertThrows(IllegalArgumentException.class, () -> b.image().rotate(x, s, nan, nn, null));
    }
  }
}
