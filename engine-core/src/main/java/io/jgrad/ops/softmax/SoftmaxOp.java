package io.jgrad.ops.softmax;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;

/**
 * Softmax or log-softmax along one dim, computed stably. Saves the output: softmax's gradient is
 * y*(g - Σg*y), log-softmax's is g - exp(y)*Σg.
 */
public final class SoftmaxOp extends Function {
  private Storage y;
  private boolean log;
  private int outer;
  private int dim;
  private int inner;

  /** softmax(x, dim), or log_softmax when {@code log}. */
  public static Tensor apply(Tensor x, int dim, boolean log) {
    int d;
    try {
      d = x.shape().normalizeDim(dim);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((log ? "log_softmax: " : "softmax: ") + e.getMessage(), e);
    }
    SoftmaxOp op = new SoftmaxOp();
    op.log = log;
    op.outer = x.shape().prod(0, d);
    op.dim = x.rank() == 0 ? 1 : x.dim(d);
    op.inner = x.rank() == 0 ? 1 : x.shape().prod(d + 1, x.rank());
    op.y = x.backend().softmax().forward(x.storage(), op.outer, op.dim, op.inner, log);
    return op.record(op.y, x.shape(), x);
  }

  @Override
  public String name() {
    return log ? "log_softmax" : "softmax";
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().softmax().backward(g, y, outer, dim, inner, log));
  }

  @Override
  protected void releaseSaved() {
    y = null;
  }
}
