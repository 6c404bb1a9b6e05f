package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;

/** -x. Gradient -g. */
public final class NegOp extends Function {
  /** -x. */
  public static Tensor apply(Tensor x) {
    Storage y = x.backend().elementwise().unary(UnaryOp.NEG, x.storage());
    return new NegOp().record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().elementwise().unary(UnaryOp.NEG, g));
  }
}
