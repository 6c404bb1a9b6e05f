package io.jgrad.ops.pool;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Pool2dParams;

/** Max pooling; the gradient goes to each window's (first) maximum. */
public final class MaxPool2dOp extends Function {
  private Storage input;
  private Storage output;
  private Pool2dParams p;

  /** Max over windows of x [N, C, H, W]; padding counts as -inf. */
  public static Tensor apply(Tensor x, int[] kernel, int[] stride, int[] padding) {
    MaxPool2dOp op = new MaxPool2dOp();
    op.p = PoolChecks.params("max_pool2d", x, kernel, stride, padding, true);
    op.input = x.storage();
    op.output = x.backend().pool().maxForward(op.input, op.p);
    Shape out = Shape.of(op.p.batch(), op.p.channels(), op.p.outH(), op.p.outW());
    return op.record(op.output, out, x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pool().maxBackward(g, input, output, p));
  }

  @Override
  protected void releaseSaved() {
    input = null;
    output = null;
  }
}
