package io.jgrad.ops.movement;

import io.jgrad.Shape;

/** Dim bookkeeping shared by the movement ops, with errors that name the op. */
final class Dims {
  private Dims() {}

  /** {@code d} mapped into {@code [0, rank)}, or an error naming {@code op} and the shape. */
  static int normalize(String op, Shape s, int d) {
    if (s.rank() == 0) {
      throw new IllegalArgumentException(
          op + ": dim " + d + " is out of range for a 0-d tensor (shape " + s + ")");
    }
    try {
      return s.normalizeDim(d);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }

  /** {@code s} with {@code dim} set to {@code size}. */
  static int[] with(Shape s, int dim, int size) {
    int[] d = s.dims();
    d[dim] = size;
    return d;
  }
}
