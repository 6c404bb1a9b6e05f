package io.jgrad.ops.movement;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;

/**
 * Every {@code step}-th index of one dim from {@code start} (inclusive) to {@code end} (exclusive),
 * copied into a new contiguous tensor. The gradient is zero except at the taken positions, where
 * the output gradient is written back through the same strided view.
 */
public final class SliceOp extends Function {
  private int inSize;
  private int offset;
  private int[] dims;
  private int[] strides;

  /**
   * x[..., start:end:step, ...] on dim {@code dim}, with Python's slice rules: negative bounds
   * count from the end and out-of-range bounds are clamped; step must be positive.
   */
  public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
    Shape s = x.shape();
    int d = Dims.normalize("slice", s, dim);
    if (step <= 0) {
      throw new IllegalArgumentException(
          "slice: step must be positive, got " + step + " (dim " + dim + " of " + s + ")");
    }
    int n = s.dim(d);
    int a = clamp(start < 0 ? start + n : start, n);
    int b = clamp(end < 0 ? end + n : end, n);
    int count = b > a ? (b - a + step - 1) / step : 0;
    return take(x, d, a, count, step);
  }

  /** x.narrow(dim, start, length): {@code length} indices from {@code start} (may be negative). */
  public static Tensor narrow(Tensor x, int dim, int start, int length) {
    Shape s = x.shape();
    int d = Dims.normalize("narrow", s, dim);
    int n = s.dim(d);
    int a = start < 0 ? start + n : start;
    if (a < 0 || a > n || length < 0 || a + length > n) {
      throw new IllegalArgumentException(
          "narrow: start "
              + start
              + " and length "
              + length
              + " do not fit dim "
              + dim
              + " (size "
              + n
              + ") of "
              + s);
    }
    return take(x, d, a, length, 1);
  }

  /** x.select(dim, index): that index of dim, with the dim removed. */
  public static Tensor select(Tensor x, int dim, int index) {
    Shape s = x.shape();
    int d = Dims.normalize("select", s, dim);
    int n = s.dim(d);
    int i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException(
          "select: index "
              + index
              + " is out of range for dim "
              + dim
              + " (size "
              + n
              + ") of "
              + s);
    }
    int[] kept = new int[s.rank() - 1];
    for (int k = 0, j = 0; k < s.rank(); k++) {
      if (k != d) {
        kept[j++] = s.dim(k);
      }
    }
    return take(x, d, i, 1, 1).reshape(kept);
  }

  private static Tensor take(Tensor x, int d, int start, int count, int step) {
    Shape s = x.shape();
    if (start == 0 && count == s.dim(d) && step == 1) {
      return x;
    }
    SliceOp op = new SliceOp();
    op.inSize = s.numel();
    op.strides = s.strides();
    op.offset = start * op.strides[d];
    op.strides[d] *= step;
    op.dims = Dims.with(s, d, count);
    Storage y = x.backend().index().gather(x.storage(), op.offset, op.dims, op.strides);
    return op.record(y, Shape.of(op.dims), x);
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(i, n));
  }

  @Override
  protected Storage[] backward(Storage g) {
    Storage gx = backend().memory().zeros(inSize);
    backend().index().scatter(g, gx, offset, dims, strides);
    return grads(gx);
  }
}
