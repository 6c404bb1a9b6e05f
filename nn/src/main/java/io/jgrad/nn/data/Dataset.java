package io.jgrad.nn.data;

import io.jgrad.Shape;

/**
 * A map-style dataset, as {@code torch.utils.data.Dataset}: {@link #size()} samples, each an image
 * tensor with an integer label, read by index. A {@link DataLoader} calls {@link #get(int)} from
 * several worker threads at once, so implementations must be safe to read concurrently (immutable
 * ones are).
 *
 * <p>A dataset whose images all have one shape says so with {@link #imageShape()}; the loader then
 * copies each image straight into the batch ({@link #copyImage}) and, when every transform can work
 * in place ({@link io.jgrad.nn.data.transforms.Transform#inPlace()}), transforms it there, with no
 * tensor per sample. Either way the batch holds the same floats.
 */
public interface Dataset {
  /** The number of samples. */
  int size();

  /**
   * Sample {@code index}, {@code 0 <= index < size()}: a fresh CPU image tensor {@code [C, H, W]}
   * the caller owns (and closes) and its label.
   *
   * @throws IndexOutOfBoundsException when {@code index} is out of range
   */
  Sample get(int index);

  /** The shape {@code [C, H, W]} every image has, or null when they may differ (the default). */
  default Shape imageShape() {
    return null;
  }

  /**
   * Writes image {@code index}, as {@link #get(int)} gives it, into {@code dst} from {@code
   * offset}. The default reads the sample; in-memory datasets copy directly.
   */
  default void copyImage(int index, float[] dst, int offset) {
    try (Sample s = get(index)) {
      float[] x = s.image().toArray();
      System.arraycopy(x, 0, dst, offset, x.length);
    }
  }

  /** The label of sample {@code index}; the default reads the sample. */
  default int label(int index) {
    try (Sample s = get(index)) {
      return s.label();
    }
  }

  /** Throws a clear error unless {@code 0 <= index < size}; returns {@code index}. */
  static int checkIndex(String dataset, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          dataset + ".get: index must be in [0, " + size + "), got " + index);
    }
    return index;
  }
}
