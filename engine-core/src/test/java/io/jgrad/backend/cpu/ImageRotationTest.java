package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageRotation}'s nearest sampling of one-channel images (a loop of its own, the data
 * pipelines' common case) against the documented formula evaluated pixel by pixel, and against the
 * general loop that handles more channels, to the bit; angles include quarter turns, where source
 * coordinates fall exactly half-way between pixels.
 */
class ImageRotationTest {
  /** The formula of {@link ImageRotation#rotate}'s documentation, nearest, zeros outside. */
  private static float[] naive(float[] src, int h, int w, double degrees) {
    double a = Math.toRadians(degrees);
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    float[] out = new float[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double x = j - cx;
        double y = i - cy;
        int ix = (int) Math.rint(Math.cos(a) * x - Math.sin(a) * y + cx);
        int iy = (int) Math.rint(Math.sin(a) * x + Math.cos(a) * y + cy);
        boolean inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
        out[i * w + j] = inside ? src[iy * w + ix] : 0f;
      }
    }
    return out;
  }

  @Test
  void oneChannelNearestIsTheFormulaAndTheGeneralLoop() {
    SplittableRandom rnd = new SplittableRandom(4);
    int[][] sizes = {{28, 28}, {5, 8}, {1, 1}, {7, 3}};
    double[] fixed = {0, 90, -90, 180, 45, 270, 7, -7};
    for (int[] hw : sizes) {
      int h = hw[0];
      int w = hw[1];
      for (int t = 0; t < 40; t++) {
        double degrees = t < fixed.length ? fixed[t] : rnd.nextDouble(-180, 180);
        float[] img = new float[h * w];
        for (int k = 0; k < img.length; k++) {
          img[k] = (float) rnd.nextGaussian();
        }
        float[] got = new float[h * w + 3];
        ImageRotation.rotate(img, 0, got, 3, 1, h, w, degrees, true, null);
        float[] want = new float[h * w + 3];
        System.arraycopy(naive(img, h, w, degrees), 0, want, 3, h * w);
        String what = h + "x" + w + " by " + degrees;
        assertArrayEquals(want, got, what);
        // the same plane as channel 1 of a two-channel image goes through the general loop
        float[] two = new float[2 * h * w];
        System.arraycopy(img, 0, two, h * w, h * w);
        float[] twoOut = new float[2 * h * w];
        ImageRotation.rotate(two, 0, twoOut, 0, 2, h, w, degrees, true, null);
        float[] second = java.util.Arrays.copyOfRange(twoOut, h * w, 2 * h * w);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 3, 3 + h * w), second, what);
      }
    }
  }
}
