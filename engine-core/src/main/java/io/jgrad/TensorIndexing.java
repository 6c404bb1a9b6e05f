package io.jgrad;

import io.jgrad.ops.movement.PermuteOp;
import io.jgrad.ops.movement.Reshapes;
import io.jgrad.ops.movement.SliceOp;
import io.jgrad.ops.reduce.MaxOp;

/**
 * Transposes, slices and arg-max reductions of {@link Tensor}, each one line applying an op. Every
 * result is a new contiguous tensor (a copy, not a view that shares storage); see the README.
 */
public interface TensorIndexing {
  /** The tensor the operations apply to. */
  Tensor self();

  // ---- movement -----------------------------------------------------------------------------

  /** Dims reordered: output dim i is input dim perm[i]. */
  default Tensor permute(int... perm) {
    return PermuteOp.apply(self(), perm);
  }

  /** Dims d0 and d1 swapped. */
  default Tensor transpose(int d0, int d1) {
    return PermuteOp.transpose(self(), d0, d1);
  }

  /** The transpose of a 2-D tensor. */
  default Tensor t() {
    if (self().rank() != 2) {
      throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + self().shape());
    }
    return PermuteOp.transpose(self(), 0, 1);
  }

  /** A new size-1 dim at {@code dim}. */
  default Tensor unsqueeze(int dim) {
    return Reshapes.unsqueeze(self(), dim);
  }

  /** Dim {@code dim} removed when its size is 1. */
  default Tensor squeeze(int dim) {
    return Reshapes.squeeze(self(), dim);
  }

  // ---- slicing ------------------------------------------------------------------------------

  /** {@code length} indices of {@code dim} from {@code start}. */
  default Tensor narrow(int dim, int start, int length) {
    return SliceOp.narrow(self(), dim, start, length);
  }

  /** Index {@code index} of {@code dim}, with that dim removed. */
  default Tensor select(int dim, int index) {
    return SliceOp.select(self(), dim, index);
  }

  /** x[start:end] on {@code dim} (Python slice rules: negatives from the end, clamped). */
  default Tensor slice(int dim, int start, int end) {
    return SliceOp.slice(self(), dim, start, end, 1);
  }

  /** x[start:end:step] on {@code dim} (Python slice rules, step &gt; 0). */
  default Tensor slice(int dim, int start, int end, int step) {
    return SliceOp.slice(self(), dim, start, end, step);
  }

  // ---- max / min over a dim -----------------------------------------------------------------

  /** Maximum over {@code dim} and where it is (first index on ties). */
  default ValuesIndices max(int dim, boolean keepDim) {
    return MaxOp.apply(self(), dim, keepDim);
  }

  /** Minimum over {@code dim} and where it is (first index on ties). */
  default ValuesIndices min(int dim, boolean keepDim) {
    return MaxOp.min(self(), dim, keepDim);
  }

  /** Index of the maximum over {@code dim} (float32 holding an integer, no gradient). */
  default Tensor argmax(int dim, boolean keepDim) {
    return MaxOp.argmax(self(), dim, keepDim);
  }

  /** Index of the minimum over {@code dim} (float32 holding an integer, no gradient). */
  default Tensor argmin(int dim, boolean keepDim) {
    return MaxOp.argmin(self(), dim, keepDim);
  }
}
