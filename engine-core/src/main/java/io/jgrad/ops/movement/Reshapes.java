package io.jgrad.ops.movement;

import io.jgrad.Tensor;

/** unsqueeze and squeeze: reshapes that add or drop a size-1 dim (no copy, no backward). */
public final class Reshapes {
  private Reshapes() {}

  /** x with a new size-1 dim at {@code dim} (in [-rank-1, rank]). */
  public static Tensor unsqueeze(Tensor x, int dim) {
    int r = x.rank();
    int d = dim < 0 ? dim + r + 1 : dim;
    if (d < 0 || d > r) {
      throw new IllegalArgumentException(
          "unsqueeze: dim " + dim + " is out of range for a tensor of shape " + x.shape());
    }
    int[] dims = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) {
      dims[i] = i == d ? 1 : x.dim(j++);
    }
    return x.reshape(dims);
  }

  /** x without dim {@code dim} when that dim has size 1 (else x unchanged, as in PyTorch). */
  public static Tensor squeeze(Tensor x, int dim) {
    int d = Dims.normalize("squeeze", x.shape(), dim);
    if (x.dim(d) != 1) {
      return x;
    }
    int[] dims = new int[x.rank() - 1];
    for (int i = 0, j = 0; i < x.rank(); i++) {
      if (i != d) {
        dims[j++] = x.dim(i);
      }
    }
    return x.reshape(dims);
  }
}
