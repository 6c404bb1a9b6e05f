package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.List;

/**
 * Applies transforms one after the other ({@code torchvision.transforms.Compose}); they draw from
 * the same generator in that order. Intermediate images are closed.
 */
public final class Compose implements Transform {
  private final List<Transform> transforms;

  /** The chain {@code transforms[0]}, then {@code transforms[1]}, ... */
  public Compose(Transform... transforms) {
    for (int i = 0; i < transforms.length; i++) {
      if (transforms[i] == null) {
        throw new IllegalArgumentException("Compose: transform " + i + " is null");
      }
    }
    this.transforms = List.of(transforms);
  }

  /** The transforms, in order. */
  public List<Transform> transforms() {
    return transforms;
  }

  @Override
  public Tensor apply(Tensor image, Generator gen) {
    Tensor x = image;
    for (Transform t : transforms) {
      Tensor y = t.apply(x, gen);
      if (x != image && y != x) {
        x.close();
      }
      x = y;
    }
    return x == image ? Tensors.fromArray(image.toArray(), image.shape(), image.device()) : x;
  }

  /** True when every transform works in place. */
  @Override
  public boolean inPlace() {
    return transforms.stream().allMatch(Transform::inPlace);
  }

  @Override
  public void applyInPlace(float[] data, int offset, int c, int h, int w, Generator gen) {
    for (Transform t : transforms) {
      t.applyInPlace(data, offset, c, h, w, gen);
    }
  }

  @Override
  public String toString() {
    return "Compose" + transforms;
  }
}
