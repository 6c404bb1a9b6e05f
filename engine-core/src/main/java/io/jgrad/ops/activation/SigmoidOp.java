package io.jgrad.ops.activation;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/** y = 1 / (1 + e^-x). Saves the output: dy/dx = y (1 - y). */
public final class SigmoidOp extends Function {
  private Storage saved;

  /** The op applied to x. */
  public static Tensor apply(Tensor x) {
    SigmoidOp op = new SigmoidOp();
    Storage y = x.backend().pointwise().forward(Fn.SIGMOID, x.storage(), 0, 0);
    op.saved = y;
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.SIGMOID, saved, g, 0, 0));
  }

  @Override
  protected void releaseSaved() {
    saved = null;
  }
}
