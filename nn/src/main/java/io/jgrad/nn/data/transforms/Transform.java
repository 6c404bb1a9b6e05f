package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;

/**
 * A per-sample image transform, as in {@code torchvision.transforms}: takes an image {@code [C, H,
 * W]} and returns the transformed image as a new tensor, leaving its input untouched (the caller
 * still owns and closes it). Randomness comes only from {@code gen}, which a {@link
 * io.jgrad.nn.data.DataLoader} seeds per batch so results are reproducible for any worker count.
 * One instance serves every worker thread: implementations must be stateless or thread-safe.
 */
@FunctionalInterface
public interface Transform {
  /** The transformed image, a new tensor on the input's device. */
  Tensor apply(Tensor image, Generator gen);

  /** Checks that {@code image} is {@code [C, H, W]}; returns its dims. */
  static int[] chw(String transform, Tensor image) {
    if (image == null || image.shape().rank() != 3) {
      throw new IllegalArgumentException(
          transform
              + ": image must be [C, H, W], got "
              + (image == null ? "null" : image.shape().toString()));
    }
    return image.shape().dims();
  }
}
