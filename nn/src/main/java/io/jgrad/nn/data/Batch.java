package io.jgrad.nn.data;

import io.jgrad.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: the transformed {@code images} {@code [B, C, H, W]} on
 * the loader's device, their {@code labels}, and the dataset {@code indices} they came from. {@link
 * #close()} frees the image tensor.
 *
 * @param epoch the epoch this batch belongs to
 * @param index the batch index within the epoch (0-based)
 * @param images the images, {@code [B, C, H, W]}
 * @param labels the labels, length B
 * @param indices the dataset index of each image, length B
 */
public record Batch(int epoch, int index, Tensor images, int[] labels, int[] indices)
    implements AutoCloseable {
  /** The number of samples, B. */
  public int size() {
    return labels.length;
  }

  /** Frees the image tensor. */
  @Override
  public void close() {
    images.close();
  }
}
