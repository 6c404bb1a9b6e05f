package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import org.junit.jupiter.api.Test;

class TransformsTest {
  @Test
  void toTensorScalesBytesToUnitInterval() {
    float[] f = ToTensor.apply(new byte[] {0, (byte) 128, (byte) 255, 1});
    assertArrayEquals(new float[] {0f, 128 / 255f, 1f, 1 / 255f}, f);
  }

  @Test
  void normalizeSubtractsMeanAndDividesByStd() {
    float[] x = {0f, 0.5f, 1f};
    Normalize.MNIST.apply(x, 0, 1, 1, 3);
    for (int i = 0; i < 3; i++) {
      float in = i * 0.5f;
      assertEquals((in - 0.1307f) / 0.3081f, x[i]);
    }
    float[] two = {1f, 1f, 1f, 1f};
    new Normalize(new float[] {0f, 0.5f}, new float[] {2f, 0.25f}).apply(two, 0, 2, 1, 2);
    assertArrayEquals(new float[] {0.5f, 0.5f, 2f, 2f}, two);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Normalize(0f, 0f));
    assertTrue(e.getMessage().contains("std"), e.getMessage());
  }

  /** A 1 x h x w image with distinct values (row-major index + 1). */
  private static float[] ramp(int c, int h, int w) {
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  @Test
  void zeroAngleIsTheIdentity() {
    float[] x = ramp(2, 5, 6);
    for (Interpolation m : Interpolation.values()) {
      assertArrayEquals(x, RandomRotation.rotate(x, 2, 5, 6, 0, m, new float[] {7f}), m.name());
    }
  }

  @Test
  void ninetyDegreesTurnsCounterClockwise() {
    // With cx = cy = (n-1)/2 and angle 90: sx = (n-1) - i, sy = j, so out[i][j] = in[j][n-1-i]:
    // the top-right pixel moves to the top-left corner.
    int n = 5;
    float[] x = ramp(1, n, n);
    for (Interpolation m : Interpolation.values()) {
      float[] r = RandomRotation.rotate(x, 1, n, n, 90, m, new float[] {0f});
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(x[j * n + (n - 1 - i)], r[i * n + j], 1e-5f, m + " at " + i + "," + j);
        }
      }
    }
  }

  @Test
  void halfTurnFlipsBothAxesOfANonSquareImage() {
    // 180 degrees: sx = (W-1) - j and sy = (H-1) - i, so out[ch][i][j] = in[ch][H-1-i][W-1-j].
    // A non-square image catches any mix-up of the two centres (W-1)/2 and (H-1)/2.
    int c = 2;
    int h = 3;
    int w = 5;
    float[] x = ramp(c, h, w);
    for (Interpolation m : Interpolation.values()) {
      float[] r = RandomRotation.rotate(x, c, h, w, 180, m, new float[] {0f});
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            float expected = x[ch * h * w + (h - 1 - i) * w + (w - 1 - j)];
            String at = m + " at " + ch + "," + i + "," + j;
            assertEquals(expected, r[ch * h * w + i * w + j], 1e-5f, at);
          }
        }
      }
    }
  }

  @Test
  void fillReplacesPixelsRotatedInFromOutside() {
    int n = 9;
    float[] ones = new float[n * n];
    java.util.Arrays.fill(ones, 1f);
    for (Interpolation m : Interpolation.values()) {
      float[] r = RandomRotation.rotate(ones, 1, n, n, 45, m, new float[] {0.25f});
      // Corner (0, 0) samples (sx, sy) = (4, 4 - 4*sqrt2) = (4, -1.66): outside, so pure fill.
      assertEquals(0.25f, r[0], 1e-6f, m.name());
      assertEquals(1f, r[(n / 2) * n + n / 2], 1e-6f, m.name() + " centre");
    }
    float[] twoChannels =
        RandomRotation.rotate(
            new float[2 * n * n], 2, n, n, 45, Interpolation.NEAREST, new float[] {3f, 4f});
    assertEquals(3f, twoChannels[0]);
    assertEquals(4f, twoChannels[n * n]);
  }

  @Test
  void rotateRejectsBadArguments() {
    IllegalArgumentException fill =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RandomRotation.rotate(
                    new float[8], 2, 2, 2, 5, Interpolation.NEAREST, new float[] {0f, 0f, 0f}));
    assertTrue(fill.getMessage().startsWith("rotate: fill needs 1 or 2 values"), fill.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> RandomRotation.rotate(new float[7], 2, 2, 2, 5, Interpolation.BILINEAR, null));
    assertTrue(size.getMessage().contains("does not fit"), size.getMessage());
  }

  @Test
  void randomRotationDrawsAnglesUniformlyInRange() {
    RandomRotation rr = new RandomRotation(15, Interpolation.BILINEAR, 0f);
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
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(-1));
    assertTrue(e.getMessage().contains("degrees"), e.getMessage());
  }

  @Test
  void applyRotatesInPlaceByTheDrawnAngle() {
    RandomRotation rr = new RandomRotation(30, Interpolation.BILINEAR, 0f);
    float[] img = ramp(1, 6, 6);
    float[] buf = new float[3 + 36];
    System.arraycopy(img, 0, buf, 3, 36);
    rr.apply(buf, 3, 1, 6, 6, new Generator(9));
    double angle = rr.sampleAngle(new Generator(9));
    float[] expected =
        RandomRotation.rotate(img, 1, 6, 6, angle, Interpolation.BILINEAR, new float[] {0f});
    assertArrayEquals(expected, java.util.Arrays.copyOfRange(buf, 3, 39));
    assertEquals(0f, buf[0]);
  }
}
