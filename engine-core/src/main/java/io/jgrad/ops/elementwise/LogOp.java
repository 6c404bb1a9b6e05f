package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** ln x. Saves the input: the gradient is g/x. */
public final class LogOp extends Function {
  private Storage x;

  /** ln x. */
  public static Tensor apply(Tensor x) {
    LogOp op = new LogOp();
    op.x = x.storage();
    Storage y = x.backend().elementwise().unary(UnaryOp.LOG, op.x);
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().elementwise().binary(BinaryOp.DIV, g, x));
  }

  @Override
  protected void releaseSaved() {
    x = null;
  }
}
