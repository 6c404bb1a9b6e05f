package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** a - b. Gradients g and -g. */
public final class SubOp extends Function {
  /** Broadcasting a - b. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor[] ab = Broadcast.operands("sub", a, b);
    Storage y =
        ab[0].backend().elementwise().binary(BinaryOp.SUB, ab[0].storage(), ab[1].storage());
    return new SubOp().record(y, ab[0].shape(), ab[0], ab[1]);
  }

  @Override
  protected Storage[] backward(Storage g) {
    Storage gb = needsInputGrad(1) ? backend().elementwise().unary(UnaryOp.NEG, g) : null;
    return grads(g, gb);
  }
}
