package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** y = √x. Saves the output: dy/dx = 1 / (2y). */
public final class SqrtOp extends Function {
  private Storage y;

  /** √x (NaN for x &lt; 0, as in PyTorch). */
  public static Tensor apply(Tensor x) {
    SqrtOp op = new SqrtOp();
    op.y = x.backend().elementwise().unary(UnaryOp.SQRT, x.storage());
    return op.record(op.y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    ElementwiseKernels k = backend().elementwise();
    try (Storage half = k.binaryScalar(BinaryOp.MUL, g, 0.5)) {
      return grads(k.binary(BinaryOp.DIV, half, y));
    }
  }

  @Override
  protected void releaseSaved() {
    y = null;
  }
}
