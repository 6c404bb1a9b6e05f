package io.jgrad.examples.mnist.data;

import io.jgrad.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: {@code images} of shape {@code [B, 1, rows, cols]} on
 * the loader's device (transforms applied), their {@code labels}, and the dataset {@code indices}
 * they came from (for reports such as misclassified-image grids). {@link #close()} frees the image
 * tensor.
 *
 * @param epoch the epoch this batch belongs to
 * @param index the batch index within the epoch (0-based)
 * @param images the transformed images, {@code [B, 1, rows, cols]}
 * @param labels the digit labels, length B
 * @param indices the dataset index of each image, length B
 */
public record Batch(int epoch, int index, Tensor images, int[] labels, int[] indices)
    implements AutoCloseable {
  /** The number of images, B. */
  public int size() {
    return labels.length;
  }

  /** Frees the image tensor. */
  @Override
  public void close() {
    images.close();
  }
}
