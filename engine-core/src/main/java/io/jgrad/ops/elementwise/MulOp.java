package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;

/** a * b. Gradients g*b and g*a, so both inputs are saved. */
public final class MulOp extends Function {
  private Storage a;
  private Storage b;

  /** Broadcasting a * b. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor[] ab = Broadcast.operands("mul", a, b);
    MulOp op = new MulOp();
    op.a = ab[0].storage();
    op.b = ab[1].storage();
    Storage y = ab[0].backend().elementwise().binary(BinaryOp.MUL, op.a, op.b);
    return op.record(y, ab[0].shape(), ab[0], ab[1]);
  }

  @Override
  protected Storage[] backward(Storage g) {
    ElementwiseKernels k = backend().elementwise();
    return grads(
        needsInputGrad(0) ? k.binary(BinaryOp.MUL, g, b) : null,
        needsInputGrad(1) ? k.binary(BinaryOp.MUL, g, a) : null);
  }

  @Override
  protected void releaseSaved() {
    a = null;
    b = null;
  }
}
