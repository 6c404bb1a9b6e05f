package io.jgrad.ops.activation;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/** y = tanh x. Saves the output: dy/dx = 1 - y². */
public final class TanhOp extends Function {
  private Storage saved;

  /** The op applied to x. */
  public static Tensor apply(Tensor x) {
    TanhOp op = new TanhOp();
    Storage y = x.backend().pointwise().forward(Fn.TANH, x.storage(), 0, 0);
    op.saved = y;
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.TANH, saved, g, 0, 0));
  }

  @Override
  protected void releaseSaved() {
    saved = null;
  }
}
