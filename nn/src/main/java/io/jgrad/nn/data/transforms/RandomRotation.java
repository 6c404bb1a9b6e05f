package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.cpu.ImageRotation;
import io.jgrad.backend.params.Interpolation;
import java.util.Arrays;

/**
 * {@code torchvision.transforms.RandomRotation}: rotates the image about its centre by an angle
 * drawn uniformly from {@code [minDegrees, maxDegrees]} (one {@code nextDouble()}; positive =
 * counter-clockwise), keeping its size, with nearest or bilinear sampling; {@code fill} is blended
 * in where the source lies outside the image. The arithmetic is the engine's own ({@link
 * ImageRotation}, which the CPU rotation kernel also runs), so host and kernel give the same bits.
 */
public final class RandomRotation implements Transform {
  private final double minDegrees;
  private final double maxDegrees;
  private final Interpolation interpolation;
  private final double[] fill;

  /** Angles in {@code [-degrees, degrees]}, nearest sampling, fill 0 (torchvision's defaults). */
  public RandomRotation(double degrees) {
    this(-checkDegrees(degrees), degrees, Interpolation.NEAREST, new float[] {0f});
  }

  /** Angles in {@code [-degrees, degrees]}, with {@code interpolation} and one {@code fill}. */
  public RandomRotation(double degrees, Interpolation interpolation, float fill) {
    this(-checkDegrees(degrees), degrees, interpolation, new float[] {fill});
  }

  /**
   * Angles in {@code [minDegrees, maxDegrees]}; {@code fill} holds one value for all channels or
   * one per channel.
   */
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
          "RandomRotation: need an interpolation and a non-empty fill, got "
              + interpolation
              + " and "
              + Arrays.toString(fill));
    }
    this.minDegrees = minDegrees;
    this.maxDegrees = maxDegrees;
    this.interpolation = interpolation;
    this.fill = new double[fill.length];
    for (int i = 0; i < fill.length; i++) {
      this.fill[i] = fill[i];
    }
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

  /** The fill: one value for all channels, or one per channel (a copy). */
  public float[] fill() {
    float[] f = new float[fill.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) fill[i];
    }
    return f;
  }

  /** The next angle in degrees: one draw of {@code gen}. */
  public double sampleAngle(Generator gen) {
    return minDegrees + gen.nextDouble() * (maxDegrees - minDegrees);
  }

  @Override
  public Tensor apply(Tensor image, Generator gen) {
    return rotate(image, sampleAngle(gen));
  }

  @Override
  public boolean inPlace() {
    return true;
  }

  /** Draws one angle and rotates the image in place (through one scratch copy of it). */
  @Override
  public void applyInPlace(float[] data, int offset, int c, int h, int w, Generator gen) {
    checkFill(c, "[" + c + ", " + h + ", " + w + "]");
    double degrees = sampleAngle(gen);
    float[] src = Arrays.copyOfRange(data, offset, offset + c * h * w);
    boolean nearest = interpolation == Interpolation.NEAREST;
    ImageRotation.rotate(src, 0, data, offset, c, h, w, degrees, nearest, fill);
  }

  private void checkFill(int c, String shape) {
    if (fill.length != 1 && fill.length != c) {
      throw new IllegalArgumentException(
          "RandomRotation: fill needs 1 or "
              + c
              + " values for image "
              + shape
              + ", got "
              + Arrays.toString(fill));
    }
  }

  /** {@code image} rotated by {@code degrees} counter-clockwise (no randomness). */
  public Tensor rotate(Tensor image, double degrees) {
    int[] d = Transform.chw("RandomRotation", image);
    checkFill(d[0], image.shape().toString());
    float[] src = image.toArray();
    float[] out = new float[src.length];
    boolean nearest = interpolation == Interpolation.NEAREST;
    ImageRotation.rotate(src, 0, out, 0, d[0], d[1], d[2], degrees, nearest, fill);
    return Tensors.fromArray(out, image.shape(), image.device());
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
