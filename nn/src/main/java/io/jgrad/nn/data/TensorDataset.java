package io.jgrad.nn.data;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.Arrays;

/**
 * An in-memory dataset ({@code torch.utils.data.TensorDataset}): N images {@code [N, C, H, W]} and
 * N labels, copied to the host once at construction. {@link #get(int)} returns a fresh CPU tensor
 * holding a copy of image {@code i}. Immutable, so any number of workers may read it.
 */
public final class TensorDataset implements Dataset {
  private final float[] images;
  private final Shape imageShape;
  private final int[] labels;
  private final int per;

  /** The images of {@code images} ({@code [N, C, H, W]}, any device) with {@code labels}. */
  public TensorDataset(Tensor images, int[] labels) {
    this(images.toArray(), images.shape(), labels);
  }

  /** The images stored row-major in {@code data} as {@code shape} {@code [N, C, H, W]}. */
  public TensorDataset(float[] data, Shape shape, int[] labels) {
    if (shape.rank() != 4) {
      throw new IllegalArgumentException(
          "TensorDataset: images must be [N, C, H, W], got " + shape);
    }
    if (labels == null || labels.length != shape.dim(0)) {
      throw new IllegalArgumentException(
          "TensorDataset: need one label per image: images "
              + shape
              + ", labels "
              + (labels == null ? "null" : "of length " + labels.length));
    }
    if (data.length != shape.numel()) {
      throw new IllegalArgumentException(
          "TensorDataset: " + data.length + " values do not fill images of shape " + shape);
    }
    this.images = data.clone();
    this.labels = labels.clone();
    this.imageShape = Shape.of(shape.dim(1), shape.dim(2), shape.dim(3));
    this.per = imageShape.numel();
  }

  @Override
  public int size() {
    return labels.length;
  }

  /** The shape of every image, {@code [C, H, W]}. */
  @Override
  public Shape imageShape() {
    return imageShape;
  }

  /** The label of sample {@code index}. */
  @Override
  public int label(int index) {
    return labels[Dataset.checkIndex("TensorDataset", index, labels.length)];
  }

  @Override
  public void copyImage(int index, float[] dst, int offset) {
    Dataset.checkIndex("TensorDataset", index, labels.length);
    System.arraycopy(images, index * per, dst, offset, per);
  }

  @Override
  public Sample get(int index) {
    Dataset.checkIndex("TensorDataset", index, labels.length);
    float[] x = Arrays.copyOfRange(images, index * per, (index + 1) * per);
    return new Sample(Tensors.fromArray(x, imageShape, Device.CPU), labels[index]);
  }
}
