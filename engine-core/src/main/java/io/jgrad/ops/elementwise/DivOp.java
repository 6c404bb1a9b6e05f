package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** a / b. Gradients g/b and -g*a/b² = -(g/b)*(a/b) = -(g/b)*y. */
public final class DivOp extends Function {
  private Storage b;
  private Storage y;

  /** Broadcasting a / b. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor[] ab = Broadcast.operands("div", a, b);
    DivOp op = new DivOp();
    op.b = ab[1].storage();
    op.y = ab[0].backend().elementwise().binary(BinaryOp.DIV, ab[0].storage(), op.b);
    return op.record(op.y, ab[0].shape(), ab[0], ab[1]);
  }

  @Override
  protected Storage[] backward(Storage g) {
    ElementwiseKernels k = backend().elementwise();
    Storage gOverB = k.binary(BinaryOp.DIV, g, b);
    Storage gb = needsInputGrad(1) ? k.unary(UnaryOp.NEG, k.binary(BinaryOp.MUL, gOverB, y)) : null;
    return grads(needsInputGrad(0) ? gOverB : null, gb);
  }

  @Override
  protected void releaseSaved() {
    b = null;
    y = null;
  }
}
