package io.jgrad.examples.mnist.data;

import io.jgrad.Generator;
import io.jgrad.backend.cpu.ImageRotation;
import java.util.Arrays;

/**
 * torchvision's {@code RandomRotation}: rotates each image by an angle drawn uniformly from {@code
 * [minDegrees, maxDegrees]} (positive = counter-clockwise) about its centre, keeping the size.
 * {@link #rotate} reproduces {@code torchvision.transforms.functional.rotate} on a float tensor
 * with {@code expand=False, center=None} exactly (see the "rotate" section of the conformance
 * README): output pixel {@code (i, j)} samples the source at
 *
 * <pre>
 *   x = j - (W-1)/2,  y = i - (H-1)/2
 *   sx = cos(a) x - sin(a) y + (W-1)/2,  sy = sin(a) x + cos(a) y + (H-1)/2
 * </pre>
 *
 * with nearest (round half to even) or bilinear sampling, then blends in {@code fill} where the
 * source lies outside the image.
 */
public final class RandomRotation implements ImageTransform {
  private final double minDegrees;
  private final double maxDegrees;
  private final Interpolation interpolation;
  private final float[] fill;

  /** Angles in {@code [-degrees, degrees]}, nearest sampling, fill 0 (torchvision's defaults). */
  public RandomRotation(double degrees) {
    this(degrees, Interpolation.NEAREST, 0f);
  }

  /** Angles in {@code [-degrees, degrees]}, with one {@code fill} value for every channel. */
  public RandomRotation(double degrees, Interpolation interpolation, float fill) {
    this(-checkDegrees(degrees), degrees, interpolation, new float[] {fill});
  }

  /** Angles in {@code [minDegrees, maxDegrees]}; {@code fill} has 1 value or 1 per channel. */
  public RandomRotation(
      double minDegrees, double maxDegrees, Interpolation interpolation, float[] fill) {
    if (!(minDegrees <= maxDegrees)
        || Double.isInfinite(minDegrees)
        || Double.isInfinite(maxDegrees)) {
      throw new IllegalArgumentException(
          "RandomRotation: need finite minDegrees <= maxDegrees, got ["
              + minDegrees
              + ", "
              + maxDegrees
              + "]");
    }
    if (interpolation == null || fill == null || fill.length == 0) {
      throw new IllegalArgumentException(
          "RandomRotation: interpolation and a non-empty fill are required, got "
              + interpolation
              + " and "
              + Arrays.toString(fill));
    }
    this.minDegrees = minDegrees;
    this.maxDegrees = maxDegrees;
    this.interpolation = interpolation;
    this.fill = fill.clone();
  }

  private static double checkDegrees(double degrees) {
    if (!(degrees >= 0) || Double.isInfinite(degrees)) {
      throw new IllegalArgumentException(
          "RandomRotation: degrees must be finite and >= 0, got " + degrees);
    }
    return degrees;
  }

  /** The interpolation mode. */
  public Interpolation interpolation() {
    return interpolation;
  }

  /** The fill: one value for every channel, or one per channel (a copy). */
  public float[] fill() {
    return fill.clone();
  }

  /** The next angle in degrees, uniform in {@code [minDegrees, maxDegrees]}: one draw. */
  public double sampleAngle(Generator gen) {
    return minDegrees + gen.nextDouble() * (maxDegrees - minDegrees);
  }

  /** Draws one angle from {@code gen} and rotates the image in place. */
  @Override
  public void apply(float[] data, int offset, int channels, int height, int width, Generator gen) {
    double angle = sampleAngle(gen);
    float[] src = Arrays.copyOfRange(data, offset, offset + channels * height * width);
    rotate(src, 0, data, offset, channels, height, width, angle, interpolation, fill);
  }

  /**
   * Returns {@code chw} ({@code [c, h, w]}, row-major) rotated by {@code angle} degrees
   * counter-clockwise. {@code fill} has one value or one per channel, or is {@code null} for
   * torchvision's {@code fill=None} (plain zero padding, no blending).
   */
  public static float[] rotate(
      float[] chw, int c, int h, int w, double angle, Interpolation interp, float[] fill) {
    float[] out = new float[c * h * w];
    rotate(chw, 0, out, 0, c, h, w, angle, interp, fill);
    return out;
  }

  /**
   * {@link #rotate(float[], int, int, int, double, Interpolation, float[])} from {@code
   * src[srcOffset..]} into {@code dst[dstOffset..]}; the two regions must not overlap.
   */
  public static void rotate(
      float[] src,
      int srcOffset,
      float[] dst,
      int dstOffset,
      int c,
      int h,
      int w,
      double angle,
      Interpolation interp,
      float[] fill) {
    checkArgs(src, srcOffset, dst, dstOffset, c, h, w, angle, interp, fill);
    double[] f = null;
    if (fill != null) {
      f = new double[fill.length];
      for (int i = 0; i < fill.length; i++) {
        f[i] = fill[i];
      }
    }
    ImageRotation.rotate(
        src, srcOffset, dst, dstOffset, c, h, w, angle, interp == Interpolation.NEAREST, f);
  }

  private static void checkArgs(
      float[] src,
      int srcOffset,
      float[] dst,
      int dstOffset,
      int c,
      int h,
      int w,
      double angle,
      Interpolation interp,
      float[] fill) {
    if (c <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException(
          "rotate: image shape must be positive [c, h, w], got [" + c + ", " + h + ", " + w + "]");
    }
    long n = (long) c * h * w;
    if (srcOffset < 0
        || srcOffset + n > src.length
        || dstOffset < 0
        || dstOffset + n > dst.length) {
      throw new IllegalArgumentException(
          "rotate: image ["
              + c
              + ", "
              + h
              + ", "
              + w
              + "] ("
              + n
              + " values) does not fit in src"
              + " (length "
              + src.length
              + ", offset "
              + srcOffset
              + ") or dst (length "
              + dst.length
              + ", offset "
              + dstOffset
              + ")");
    }
    if (interp == null || Double.isNaN(angle) || Double.isInfinite(angle)) {
      throw new IllegalArgumentException(
          "rotate: need an interpolation and a finite angle, got " + interp + " and " + angle);
    }
    if (fill != null && fill.length != 1 && fill.length != c) {
      throw new IllegalArgumentException(
          "rotate: fill needs 1 or "
              + c
              + " values (one per channel), got "
              + Arrays.toString(fill));
    }
  }

  @Override
  public String toString() {
    return "RandomRotation(["
        + minDegrees
        + ", "
        + maxDegrees
        + "], "
        + interpolation
        + ", fill="
        + Arrays.toString(fill)
        + ")";
  }
}
