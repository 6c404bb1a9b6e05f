package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/**
 * Strided reads and writes (transpose, permute, slicing, concatenation) and arg-max along an axis.
 * A strided view is an element {@code offset} plus, per dim, a size and a stride into a contiguous
 * buffer; results are always new contiguous row-major buffers.
 */
public interface IndexKernels {
  /**
   * Reads the strided view of {@code x} into a new contiguous buffer: element {@code i} of the
   * result, at row-major index {@code (i0, i1, ...)} over {@code dims}, is {@code x[offset + Σ ik *
   * strides[k]]}.
   */
  Storage gather(Storage x, int offset, int[] dims, int[] strides);

  /**
   * Writes {@code src} (contiguous over {@code dims}) into the strided view of {@code dst}, in
   * place: the inverse of {@link #gather}. Positions of the view must not overlap.
   */
  void scatter(Storage src, Storage dst, int offset, int[] dims, int[] strides);

  /**
   * The maximum of {@code x} viewed as {@code [outer, size, inner]} over its middle axis, and where
   * it is: {@code {values, indices}}, each of {@code outer * inner} elements (indices as exact
   * integers). Ties go to the first index; a NaN is the maximum (the first NaN).
   */
  Storage[] maxAlong(Storage x, int outer, int size, int inner);

  /**
   * The gradient of {@link #maxAlong}: a new zero buffer of {@code outer * size * inner} elements
   * with {@code g[o, i]} at position {@code [o, indices[o, i], i]}.
   */
  Storage maxAlongBackward(Storage g, Storage indices, int outer, int size, int inner);

  /**
   * Checks that every position of the view lies in a buffer of {@code size} elements; returns the
   * view's element count. Shared by the backends.
   */
  static int checkView(String op, int size, int offset, int[] dims, int[] strides) {
    if (dims.length != strides.length) {
      throw new IllegalArgumentException(
          op + ": " + dims.length + " dims but " + strides.length + " strides");
    }
    long count = 1;
    long lo = offset;
    long hi = offset;
    for (int d = 0; d < dims.length; d++) {
      if (dims[d] < 0) {
        throw new IllegalArgumentException(op + ": negative size " + dims[d] + " in dim " + d);
      }
      count *= dims[d];
      if (dims[d] > 0) {
        long reach = (long) (dims[d] - 1) * strides[d];
        lo += Math.min(reach, 0);
        hi += Math.max(reach, 0);
      }
    }
    if (count > 0 && (lo < 0 || hi >= size)) {
      throw new IllegalArgumentException(
          op + ": the view reaches [" + lo + ", " + hi + "] outside a buffer of " + size);
    }
    return (int) count;
  }

  /** Checks a max-along-axis request against the buffer size. Shared by the backends. */
  static void checkAlong(String op, int size, int outer, int axis, int inner) {
    if (axis < 1 || (long) outer * axis * inner != size) {
      throw new IllegalArgumentException(
          op
              + ": cannot view "
              + size
              + " elements as ["
              + outer
              + ", "
              + axis
              + ", "
              + inner
              + "] with a non-empty middle axis");
    }
  }
}
