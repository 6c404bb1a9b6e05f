package io.jgrad.ops.pool;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Pool2dParams;

/** Average pooling; the gradient is spread evenly over each window. */
public final class AvgPool2dOp extends Function {
  private Pool2dParams p;

  /** Mean over windows of x [N, C, H, W], zero padding. */
  public static Tensor apply(
      Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    AvgPool2dOp op = new AvgPool2dOp();
    op.p = PoolChecks.params("avg_pool2d", x, kernel, stride, padding, countIncludePad);
    Storage y = x.backend().pool().avgForward(x.storage(), op.p);
    return op.record(y, Shape.of(op.p.batch(), op.p.channels(), op.p.outH(), op.p.outW()), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pool().avgBackward(g, p));
  }
}
