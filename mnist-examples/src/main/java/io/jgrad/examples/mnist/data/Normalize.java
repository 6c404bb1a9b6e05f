package io.jgrad.examples.mnist.data;

import io.jgrad.Generator;
import java.util.Arrays;

/**
 * torchvision's {@code Normalize}: {@code x = (x - mean[c]) / std[c]} per channel, in float32.
 * {@link #MNIST} holds the usual MNIST training-set statistics (mean 0.1307, std 0.3081 of the [0,
 * 1] pixels).
 */
public final class Normalize implements ImageTransform {
  /** The standard MNIST normalization, mean 0.1307 and std 0.3081. */
  public static final Normalize MNIST = new Normalize(0.1307f, 0.3081f);

  private final float[] mean;
  private final float[] std;

  /** The same mean and std for every channel. */
  public Normalize(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  /** Per-channel means and stds (one value each, or one per channel). */
  public Normalize(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "Normalize: mean and std need the same non-zero length, got "
              + Arrays.toString(mean)
              + " and "
              + Arrays.toString(std));
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException(
            "Normalize: every std must be finite and > 0, got " + Arrays.toString(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** The mean of channel {@code c}. */
  public float mean(int c) {
    return mean[mean.length == 1 ? 0 : c];
  }

  /** The std of channel {@code c}. */
  public float std(int c) {
    return std[std.length == 1 ? 0 : c];
  }

  /** Normalizes the image in place; {@code gen} is unused. */
  @Override
  public void apply(float[] data, int offset, int channels, int height, int width, Generator gen) {
    apply(data, offset, channels, height, width);
  }

  /** Normalizes the {@code [channels, height, width]} image at {@code offset} in place. */
  public void apply(float[] data, int offset, int channels, int height, int width) {
    if (mean.length != 1 && mean.length != channels) {
      throw new IllegalArgumentException(
          "Normalize: " + mean.length + " means for an image of " + channels + " channels");
    }
    int plane = height * width;
    if (offset < 0 || offset + (long) channels * plane > data.length) {
      throw new IndexOutOfBoundsException(
          "Normalize: image ["
              + channels
              + ", "
              + height
              + ", "
              + width
              + "] at offset "
              + offset
              + " does not fit in "
              + data.length
              + " values");
    }
    for (int c = 0; c < channels; c++) {
      float m = mean(c);
      float s = std(c);
      int base = offset + c * plane;
      for (int k = 0; k < plane; k++) {
        data[base + k] = (data[base + k] - m) / s;
      }
    }
  }

  @Override
  public String toString() {
    return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
