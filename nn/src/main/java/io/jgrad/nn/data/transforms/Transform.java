package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;

/**
 * A per-sample image transform, as in {@code torchvision.transforms}: takes an image {@code [C, H,
 * W]} and returns the transformed image as a new tensor, leaving its input untouched (the caller
 * still owns and closes it). Randomness comes only from {@code gen}, which a {@link
 * io.jgrad.nn.data.DataLoader} seeds per batch so results are reproducible for any worker count.
 * One instance serves every worker thread: implementations must be stateless or thread-safe.
 *
 * <p>A transform that keeps the image's shape may also work in place on a row-major array ({@link
 * #inPlace()}, {@link #applyInPlace}), giving the same floats and drawing the same numbers as
 * {@link #apply}; the {@link io.jgrad.nn.data.DataLoader} then transforms each image inside the
 * batch array, without a tensor per sample.
 */
@FunctionalInterface
public interface Transform {
  /** The transformed image, a new tensor on the input's device. */
  Tensor apply(Tensor image, Generator gen);

  /** Whether {@link #applyInPlace} is supported (default false). */
  default boolean inPlace() {
    return false;
  }

  /**
   * Transforms the {@code [c, h, w]} image stored row-major in {@code data[offset ..]} in place,
   * drawing from {@code gen} exactly as {@link #apply} does and giving the same floats. Only for
   * transforms whose {@link #inPlace()} is true.
   */
  default void applyInPlace(float[] data, int offset, int c, int h, int w, Generator gen) {
    throw new UnsupportedOperationException(this + " does not work in place");
  }

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
