package io.jgrad.ops.activation;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** y = max(x, 0). Saves the output: dy/dx = (y &gt; 0). */
public final class ReluOp extends Function {
  private Storage y;

  /** max(x, 0). */
  public static Tensor apply(Tensor x) {
    ReluOp op = new ReluOp();
    op.y = x.backend().elementwise().unary(UnaryOp.RELU, x.storage());
    return op.record(op.y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().elementwise().binary(BinaryOp.RELU_BACKWARD, y, g));
  }

  @Override
  protected void releaseSaved() {
    y = null;
  }
}
