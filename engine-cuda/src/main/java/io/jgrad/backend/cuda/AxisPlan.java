package io.jgrad.backend.cuda;

import io.jgrad.Shape;
import java.util.Arrays;

/**
 * Index plans for the broadcast and sum kernels: a list of dims with the input stride of each,
 * coalesced (size-1 dims dropped, neighbours merged when their strides chain) so kernels see as few
 * dims as possible. A plan is packed into an int struct {@code {rank, dims[8], strides[8]}} that
 * the kernels receive by value.
 */
public final class AxisPlan {
  /** The most dims a kernel accepts after coalescing. */
  public static final int MAX_RANK = 8;

  private AxisPlan() {}

  /**
   * Dims walked in row-major order, each with the input stride of one step along it.
   *
   * @param dims sizes, each > 1
   * @param strides input element strides
   */
  public record Strided(int[] dims, int[] strides) {
    /** Number of dims. */
    public int rank() {
      return dims.length;
    }

    /** Product of the dims. */
    public long count() {
      long c = 1;
      for (int d : dims) {
        c *= d;
      }
      return c;
    }

    /** The input offset of the {@code index}-th position in row-major order. */
    public long offsetOf(long index) {
      long off = 0;
      for (int d = dims.length - 1; d >= 0; d--) {
        off += (index % dims[d]) * strides[d];
        index /= dims[d];
      }
      return off;
    }

    /** The kernel struct {@code {rank, dims[8], strides[8]}}. */
    public int[] packed() {
      int[] s = new int[1 + 2 * MAX_RANK];
      s[0] = dims.length;
      System.arraycopy(dims, 0, s, 1, dims.length);
      System.arraycopy(strides, 0, s, 1 + MAX_RANK, strides.length);
      return s;
    }
  }

  /**
   * A sum plan: {@code kept} walks the output (row-major over the kept dims), {@code reduced} walks
   * the summed elements of one output.
   *
   * @param kept the kept dims with their input strides
   * @param reduced the summed dims with their input strides
   */
  public record Reduction(Strided kept, Strided reduced) {
    /** Whether the innermost summed dim is contiguous in memory (a row sum). */
    public boolean reducesContiguousRun() {
      int r = reduced.rank();
      return r > 0 && reduced.strides()[r - 1] == 1;
    }
  }

  /** The plan of broadcasting {@code from} to {@code to}: output dims with input strides. */
  public static Strided expand(Shape from, Shape to) {
    if (from.rank() != to.rank()) {
      throw new IllegalArgumentException(
          "expand: shapes " + from + " and " + to + " must have the same rank");
    }
    int r = to.rank();
    int[] inStrides = from.strides();
    int[] strides = new int[r];
    for (int i = 0; i < r; i++) {
      int f = from.dim(i);
      if (f != to.dim(i) && f != 1) {
        throw new IllegalArgumentException(
            "expand: cannot broadcast "
                + from
                + " to "
                + to
                + " (dimension "
                + i
                + ": "
                + f
                + " vs "
                + to.dim(i)
                + ")");
      }
      strides[i] = f == 1 ? 0 : inStrides[i];
    }
    return coalesce("expand " + from + " to " + to, to.dims(), strides);
  }

  /** The plan of summing {@code shape} over {@code axes} (sorted, distinct, in range). */
  public static Reduction sum(Shape shape, int[] axes) {
    int r = shape.rank();
    boolean[] reduce = new boolean[r];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i];
      if (a < 0 || a >= r || (i > 0 && a <= axes[i - 1])) {
        throw new IllegalArgumentException(
            "sum: axes must be sorted, distinct and in [0, "
                + r
                + "), got "
                + Arrays.toString(axes)
                + " for shape "
                + shape);
      }
      reduce[a] = true;
    }
    int[] strides = shape.strides();
    int nk = r - axes.length;
    int[] keptDims = new int[nk];
    int[] keptStrides = new int[nk];
    int[] redDims = new int[axes.length];
    int[] redStrides = new int[axes.length];
    int k = 0;
    int j = 0;
    for (int i = 0; i < r; i++) {
      if (reduce[i]) {
        redDims[j] = shape.dim(i);
        redStrides[j++] = strides[i];
      } else {
        keptDims[k] = shape.dim(i);
        keptStrides[k++] = strides[i];
      }
    }
    String what = "sum of " + shape + " over " + Arrays.toString(axes);
    return new Reduction(
        coalesce(what, keptDims, keptStrides), coalesce(what, redDims, redStrides));
  }

  /** Drops size-1 dims and merges neighbours whose strides chain; at most {@link #MAX_RANK}. */
  public static Strided coalesce(String what, int[] dims, int[] strides) {
    int[] d = new int[dims.length];
    int[] s = new int[dims.length];
    int n = 0;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 1) {
        continue;
      }
      if (n > 0 && s[n - 1] == (long) strides[i] * dims[i]) {
        d[n - 1] *= dims[i];
        s[n - 1] = strides[i];
      } else {
        d[n] = dims[i];
        s[n++] = strides[i];
      }
    }
    if (n > MAX_RANK) {
      throw new IllegalArgumentException(
          "cuda " + what + ": needs " + n + " dims after merging, the kernels support " + MAX_RANK);
    }
    return new Strided(Arrays.copyOf(d, n), Arrays.copyOf(s, n));
  }
}
