package io.jgrad.nn.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link RandomRotation} in both interpolation modes: geometry, fill, the drawn angles. */
class RotationTest {
  private static float[] rotate(Tensor x, double angle, Interpolation m, float... fill) {
    try (Tensor y = new RandomRotation(0, 0, m, fill).rotate(x, angle)) {
      return y.toArray();
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void zeroAngleIsTheIdentity(Interpolation m) {
    Tensor x = TransformsTest.image(2, 5, 6);
    assertArrayEquals(x.toArray(), rotate(x, 0, m, 7f));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void halfTurnFlipsBothAxesOfANonSquareImage(Interpolation m) {
    // 180 degrees: out[ch][i][j] = in[ch][H-1-i][W-1-j]; a non-square image catches any mix-up of
    // the two centres (W-1)/2 and (H-1)/2.
    int c = 2;
    int h = 3;
    int w = 5;
    Tensor x = TransformsTest.image(c, h, w);
    float[] in = x.toArray();
    float[] r = rotate(x, 180, m, 0f);
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          float expected = in[ch * h * w + (h - 1 - i) * w + (w - 1 - j)];
          assertEquals(
              expected, r[ch * h * w + i * w + j], 1e-5f, m + " at " + ch + "," + i + "," + j);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void fillReplacesPixelsRotatedInFromOutside(Interpolation m) {
    int n = 9;
    float[] ones = new float[n * n];
    Arrays.fill(ones, 1f);
    float[] r = rotate(Tensors.fromArray(ones, 1, n, n), 45, m, 0.25f);
    // Corner (0, 0) samples (sx, sy) = (4, 4 - 4*sqrt2) = (4, -1.66): outside, so pure fill.
    assertEquals(0.25f, r[0], 1e-6f);
    assertEquals(1f, r[(n / 2) * n + n / 2], 1e-6f, "centre");
    float[] two = rotate(Tensors.zeros(2, n, n), 45, m, 3f, 4f);
    assertEquals(3f, two[0], 1e-6f, "fill of channel 0");
    assertEquals(4f, two[n * n], 1e-6f, "fill of channel 1");
  }

  @Test
  void anglesAreUniformInRangeAndBadRangesAreRejected() {
    RandomRotation rr = new RandomRotation(15, Interpolation.BILINEAR, 0f);
    assertEquals(Interpolation.BILINEAR, rr.interpolation());
    assertArrayEquals(new float[] {0f}, rr.fill());
    Generator g = new Generator(42);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      double a = rr.sampleAngle(g);
      assertTrue(a >= -15 && a <= 15, "angle " + a);
      min = Math.min(min, a);
      max = Math.max(max, a);
      sum += a;
    }
    // Uniform on [-15, 15]: std 15/sqrt(3) = 8.66, so the mean of 4000 is within 0.6 (4.4 sigma).
    assertTrue(Math.abs(sum / n) < 0.6, "mean " + sum / n);
    assertTrue(min < -14 && max > 14, "range [" + min + ", " + max + "]");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomRotation(-1, Interpolation.NEAREST, 0f));
    assertTrue(e.getMessage().contains("degrees"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RandomRotation(2, 1, Interpolation.NEAREST, new float[] {0f}));
  }

  @Test
  void toTensorScalesUnsignedBytesToTheUnitInterval() {
    float[] f = new float[6];
    PixelBytes.toUnit(new byte[] {9, 0, (byte) 128, (byte) 255, 1}, 1, f, 2, 4);
    assertArrayEquals(new float[] {0f, 0f, 0f, 128 / 255f, 1f, 1 / 255f}, f);
    byte[] every = new byte[256];
    float[] unit = new float[256];
    for (int b = 0; b < 256; b++) {
      every[b] = (byte) b;
    }
    PixelBytes.toUnit(every, 0, unit, 0, 256);
    for (int b = 0; b < 256; b++) {
      assertEquals(b / 255f, unit[b], "byte " + b); // the division, to the bit
    }
    IndexOutOfBoundsException e =
        assertThrows(
            IndexOutOfBoundsException.class, () -> PixelBytes.toUnit(new byte[3], 0, f, 4, 3));
    assertTrue(e.getMessage().contains("dst[4] (length 6)"), e.getMessage());
  }
}
