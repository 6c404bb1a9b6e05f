package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;

/**
 * a^b with a tensor exponent, broadcasting ({@code torch.pow(a, b)}). Gradients, as PyTorch defines
 * them: g·b·a^(b-1), 0 where b = 0; and g·a^b·ln a, 0 where a = 0 and b &gt;= 0. A negative base
 * with a non-integer exponent gives NaN in the output and both gradients; a negative base gives NaN
 * in the exponent's gradient even for an integer exponent (ln a is NaN), as in PyTorch. Both inputs
 * are saved. Each gradient is g times a kernel's derivative, so a NaN or infinite g gives NaN where
 * the derivative is 0; PyTorch does the same for the exponent, but gives 0 for the base where b =
 * 0.
 */
public final class PowTensorOp extends Function {
  private Storage a;
  private Storage b;

  /** Broadcasting a^b. */
  public static Tensor apply(Tensor a, Tensor b) {
    Tensor[] ab = Broadcast.operands("pow", a, b);
    PowTensorOp op = new PowTensorOp();
    op.a = ab[0].storage();
    op.b = ab[1].storage();
    Storage y = ab[0].backend().elementwise().binary(BinaryOp.POW, op.a, op.b);
    return op.record(y, ab[0].shape(), ab[0], ab[1]);
  }

  @Override
  protected Storage[] backward(Storage g) {
    ElementwiseKernels k = backend().elementwise();
    return grads(
        needsInputGrad(0)
            ? k.binary(BinaryOp.MUL, g, k.binary(BinaryOp.POW_BASE_GRAD, a, b))
            : null,
        needsInputGrad(1)
            ? k.binary(BinaryOp.MUL, g, k.binary(BinaryOp.POW_EXPONENT_GRAD, a, b))
            : null);
  }

  @Override
  protected void releaseSaved() {
    a = null;
    b = null;
  }
}
