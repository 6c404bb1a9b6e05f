package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.Arrays;

/**
 * {@code torchvision.transforms.Normalize}: {@code x = (x - mean[c]) / std[c]} per channel, in
 * float32 (a division, not a multiplication by {@code 1/std}, so it rounds as PyTorch does).
 */
public final class Normalize implements Transform {
  private final float[] mean;
  private final float[] std;

  /** The same mean and std for every channel. */
  public Normalize(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  /** One mean and std per channel (or one each for all channels). */
  public Normalize(float[] mean, float[] std) {
    if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
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

  @Override
  public Tensor apply(Tensor image, Generator gen) {
    int[] d = Transform.chw("Normalize", image);
    int c = d[0];
    if (mean.length != 1 && mean.length != c) {
      throw new IllegalArgumentException(
          "Normalize: " + mean.length + " means/stds for an image of shape " + image.shape());
    }
    float[] x = image.toArray();
    applyInPlace(x, 0, c, d[1], d[2], gen);
    return Tensors.fromArray(x, image.shape(), image.device());
  }

  @Override
  public boolean inPlace() {
    return true;
  }

  @Override
  public void applyInPlace(float[] data, int offset, int c, int h, int w, Generator gen) {
    if (mean.length != 1 && mean.length != c) {
      throw new IllegalArgumentException(
          "Normalize: "
              + mean.length
              + " means/stds for an image of shape ["
              + c
              + ", "
              + h
              + ", "
              + w
              + "]");
    }
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      float m = mean[mean.length == 1 ? 0 : ch];
      float s = std[std.length == 1 ? 0 : ch];
      for (int k = offset + ch * plane, e = k + plane; k < e; k++) {
        data[k] = (data[k] - m) / s;
      }
    }
  }

  @Override
  public String toString() {
    return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
