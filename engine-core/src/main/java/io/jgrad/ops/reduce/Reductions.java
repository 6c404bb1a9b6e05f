package io.jgrad.ops.reduce;

import io.jgrad.Shape;
import io.jgrad.Tensor;

/** Mean as a composite of sum and a scale (no backward of its own), and dim bookkeeping. */
public final class Reductions {
  private Reductions() {}

  /** Mean of x over {@code dims} (null: all). */
  public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
    boolean[] reduce = axesMask("mean", x.shape(), dims);
    int count = 1;
    for (int i = 0; i < reduce.length; i++) {
      if (reduce[i]) {
        count *= x.shape().dim(i);
      }
    }
    return SumOp.apply(x, dims, keepDim).mul(1.0 / count);
  }

  static boolean[] axesMask(String op, Shape s, int[] dims) {
    boolean[] reduce = new boolean[s.rank()];
    if (dims == null) {
      java.util.Arrays.fill(reduce, true);
      return reduce;
    }
    for (int d : dims) {
      int n;
      try {
        n = s.normalizeDim(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
      }
      if (reduce[n]) {
        throw new IllegalArgumentException(
            op + ": dim " + d + " appears more than once for shape " + s);
      }
      reduce[n] = true;
    }
    return reduce;
  }

  static int[] axes(boolean[] reduce) {
    int count = 0;
    for (boolean r : reduce) {
      count += r ? 1 : 0;
    }
    int[] axes = new int[count];
    int k = 0;
    for (int i = 0; i < reduce.length; i++) {
      if (reduce[i]) {
        axes[k++] = i;
      }
    }
    return axes;
  }

  static Shape keptShape(Shape s, boolean[] reduce) {
    int[] d = s.dims();
    for (int i = 0; i < d.length; i++) {
      if (reduce[i]) {
        d[i] = 1;
      }
    }
    return Shape.of(d);
  }

  static Shape droppedShape(Shape s, boolean[] reduce) {
    int[] d = new int[s.rank() - axes(reduce).length];
    int k = 0;
    for (int i = 0; i < s.rank(); i++) {
      if (!reduce[i]) {
        d[k++] = s.dim(i);
      }
    }
    return Shape.of(d);
  }
}
