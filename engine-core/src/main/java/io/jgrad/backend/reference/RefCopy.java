package io.jgrad.backend.reference;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.CopyKernels;

/** Broadcast copy: each output element reads the input at its index, size-1 dims pinned at 0. */
final class RefCopy implements CopyKernels {
  private final RefBackend backend;

  RefCopy(RefBackend backend) {
    this.backend = backend;
  }

  /** Broadcasts {@code x} from {@code from} to {@code to} (same rank, dims equal or 1). */
  @Override
  public Storage expand(Storage x, Shape from, Shape to) {
    checkExpand(x.size(), from, to);
    double[] in = RefStorage.data(x);
    int rank = to.rank();
    int[] fromDims = from.dims();
    int[] toDims = to.dims();
    int[] fromStrides = from.strides();
    double[] out = new double[to.numel()];
    int[] index = new int[rank];
    for (int flat = 0; flat < out.length; flat++) {
      // Unravel the output index, then read the source with size-1 dims pinned at 0.
      int rest = flat;
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = rest % toDims[d];
        rest /= toDims[d];
      }
      int src = 0;
      for (int d = 0; d < rank; d++) {
        src += (fromDims[d] == 1 ? 0 : index[d]) * fromStrides[d];
      }
      out[flat] = in[src];
    }
    return backend.wrap(out);
  }

  /** Validates an expand's arguments; shared with the CPU backend's rules. */
  static void checkExpand(int size, Shape from, Shape to) {
    if (from.rank() != to.rank()) {
      throw new IllegalArgumentException(
          "expand: ranks differ, from " + from + " to " + to + " (pad the shape first)");
    }
    if (size != from.numel()) {
      throw new IllegalArgumentException(
          "expand: input has " + size + " elements but shape " + from + " needs " + from.numel());
    }
    for (int d = 0; d < from.rank(); d++) {
      if (from.dim(d) != to.dim(d) && from.dim(d) != 1) {
        throw new IllegalArgumentException(
            "expand: cannot expand " + from + " to " + to + " (dimension " + d + ")");
      }
    }
  }
}
