package io.jgrad.nn.data;

/**
 * A map-style dataset, as {@code torch.utils.data.Dataset}: {@link #size()} samples, each an image
 * tensor with an integer label, read by index. A {@link DataLoader} calls {@link #get(int)} from
 * several worker threads at once, so implementations must be safe to read concurrently (immutable
 * ones are).
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

  /** Throws a clear error unless {@code 0 <= index < size}; returns {@code index}. */
  static int checkIndex(String dataset, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          dataset + ".get: index must be in [0, " + size + "), got " + index);
    }
    return index;
  }
}
