package io.jgrad.ops.activation;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/**
 * y = x Φ(x) with the exact normal CDF (PyTorch's default), or its tanh approximation. Saves the
 * input: dy/dx = Φ(x) + x φ(x) (or the tanh form's derivative).
 */
public final class GeluOp extends Function {
  private Storage x;
  private Fn fn;

  /** gelu(x); {@code approximate} is "none" or "tanh", as in PyTorch. */
  public static Tensor apply(Tensor x, String approximate) {
    GeluOp op = new GeluOp();
    if ("none".equals(approximate)) {
      op.fn = Fn.GELU;
    } else if ("tanh".equals(approximate)) {
      op.fn = Fn.GELU_TANH;
    } else {
      throw new IllegalArgumentException(
          "gelu: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
    }
    op.x = x.storage();
    Storage y = x.backend().pointwise().forward(op.fn, op.x, 0, 0);
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(fn, x, g, 0, 0));
  }

  @Override
  protected void releaseSaved() {
    x = null;
  }
}
