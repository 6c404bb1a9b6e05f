package io.jgrad;

import java.util.Arrays;

/** An immutable tensor shape: the size of each dimension, row-major. A 0-d shape is a scalar. */
public final class Shape {
  private final int[] dims;
  private final int numel;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException(
            "shape: dimension " + i + " must be >= 0, got " + Arrays.toString(dims));
      }
      n *= dims[i];
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape: " + Arrays.toString(dims) + " has more than 2^31-1 elements");
      }
    }
    this.numel = (int) n;
  }

  /** A shape with the given dimensions (copied). */
  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /** The 0-d scalar shape. */
  public static Shape scalar() {
    return new Shape(new int[0]);
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Size of dimension {@code i}; negative {@code i} counts from the end. */
  public int dim(int i) {
    return dims[normalizeDim(i)];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements (1 for a scalar). */
  public int numel() {
    return numel;
  }

  /** Row-major strides in elements. */
  public int[] strides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** Maps a possibly negative dimension index into {@code [0, rank)}, or throws. */
  public int normalizeDim(int d) {
    int r = dims.length;
    int n = d < 0 ? d + r : d;
    if (n < 0 || n >= Math.max(r, 1) || (r == 0 && d != 0 && d != -1)) {
      throw new IllegalArgumentException(
          "dim " + d + " is out of range for a tensor of shape " + this + " (rank " + r + ")");
    }
    return n;
  }

  /** Product of dims in {@code [from, to)}. */
  public int prod(int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= dims[i];
    }
    return p;
  }

  /** This shape with leading 1s so that it has {@code rank} dimensions. */
  public Shape padLeft(int rank) {
    if (rank < dims.length) {
      throw new IllegalArgumentException("shape: cannot pad " + this + " down to rank " + rank);
    }
    int[] d = new int[rank];
    Arrays.fill(d, 1);
    System.arraycopy(dims, 0, d, rank - dims.length, dims.length);
    return new Shape(d);
  }

  /**
   * The NumPy broadcast of two shapes, or an exception naming {@code op} and both shapes.
   *
   * @param op the op name for the error message
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    int r = Math.max(a.rank(), b.rank());
    Shape pa = a.padLeft(r);
    Shape pb = b.padLeft(r);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int x = pa.dims[i];
      int y = pb.dims[i];
      if (x == y || y == 1) {
        out[i] = x;
      } else if (x == 1) {
        out[i] = y;
      } else {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + a
                + " and "
                + b
                + " are not broadcastable (dimension "
                + (i - r)
                + ": "
                + x
                + " vs "
                + y
                + ")");
      }
    }
    return new Shape(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
