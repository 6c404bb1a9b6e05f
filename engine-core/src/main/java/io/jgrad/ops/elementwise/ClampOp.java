package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/**
 * y = min(max(x, lo), hi). Saves the input: the gradient passes where lo &lt;= x &lt;= hi (bounds
 * included, as in PyTorch). An infinite bound is no bound.
 */
public final class ClampOp extends Function {
  private Storage x;
  private double lo;
  private double hi;

  /** clamp(x, min, max); pass ±infinity to leave a side open. */
  public static Tensor apply(Tensor x, double min, double max) {
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException(
          "clamp: min must be <= max and neither NaN, got min " + min + ", max " + max);
    }
    ClampOp op = new ClampOp();
    op.x = x.storage();
    op.lo = min;
    op.hi = max;
    Storage y = x.backend().pointwise().forward(Fn.CLAMP, op.x, min, max);
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.CLAMP, x, g, lo, hi));
  }

  @Override
  protected void releaseSaved() {
    x = null;
  }
}
