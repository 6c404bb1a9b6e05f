package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/** y = x^p for a constant exponent p. Saves the input: dy/dx = p x^(p-1) (0 when p = 0). */
public final class PowOp extends Function {
  private Storage x;
  private double exponent;

  /** x^exponent (Java's Math.pow: a negative base needs an integer exponent, else NaN). */
  public static Tensor apply(Tensor x, double exponent) {
    if (Double.isNaN(exponent)) {
      throw new IllegalArgumentException("pow: exponent is NaN");
    }
    PowOp op = new PowOp();
    op.x = x.storage();
    op.exponent = exponent;
    Storage y = x.backend().pointwise().forward(Fn.POW, op.x, exponent, 0);
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.POW, x, g, exponent, 0));
  }

  @Override
  protected void releaseSaved() {
    x = null;
  }
}
