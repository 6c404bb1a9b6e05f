package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;

/** a + b. Both gradients are the output gradient itself. */
public final class AddOp extends Function {
  /** Broadcasting a + b. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor[] ab = Broadcast.operands("add", a, b);
    Storage y =
        ab[0].backend().elementwise().binary(BinaryOp.ADD, ab[0].storage(), ab[1].storage());
    return new AddOp().record(y, ab[0].shape(), ab[0], ab[1]);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(g, g);
  }
}
