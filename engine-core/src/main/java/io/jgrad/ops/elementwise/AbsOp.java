package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/** y = |x|. Saves the input: dy/dx = sign(x), 0 at 0 (as PyTorch). */
public final class AbsOp extends Function {
  private Storage saved;

  /** The op applied to x. */
  public static Tensor apply(Tensor x) {
    AbsOp op = new AbsOp();
    Storage y = x.backend().pointwise().forward(Fn.ABS, x.storage(), 0, 0);
    op.saved = x.storage();
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.ABS, saved, g, 0, 0));
  }

  @Override
  protected void releaseSaved() {
    saved = null;
  }
}
