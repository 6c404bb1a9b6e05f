package io.jgrad.nn.data;

import io.jgrad.Tensor;

/**
 * One sample of a {@link Dataset}: an image tensor {@code [C, H, W]} and its class label. {@link
 * #close()} frees the image.
 *
 * @param image the image, {@code [C, H, W]}
 * @param label the class index
 */
public record Sample(Tensor image, int label) implements AutoCloseable {
  /** Frees the image tensor. */
  @Override
  public void close() {
    image.close();
  }
}
