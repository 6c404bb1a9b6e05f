package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** e^x. Saves the output: the gradient is g*y. */
public final class ExpOp extends Function {
  private Storage y;

  /** e^x. */
  public static Tensor apply(Tensor x) {
    ExpOp op = new ExpOp();
    op.y = x.backend().elementwise().unary(UnaryOp.EXP, x.storage());
    return op.record(op.y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().elementwise().binary(BinaryOp.MUL, g, y));
  }

  @Override
  protected void releaseSaved() {
    y = null;
  }
}
