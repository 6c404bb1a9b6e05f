package io.jgrad.ops.pool;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.util.Checks;

/** Adaptive average pooling to a fixed output size; 1x1 is global average pooling. */
public final class AdaptiveAvgPool2dOp extends Function {
  private AdaptivePool2dParams p;

  /** x [N, C, H, W] pooled to [N, C, outH, outW]. */
  public static Tensor apply(Tensor x, int outH, int outW) {
    Checks.rank("adaptive_avg_pool2d", "input", x, 4, "[N, C, H, W]");
    Checks.check(
        outH >= 1 && outW >= 1,
        "adaptive_avg_pool2d",
        "output_size must be >= 1, got [" + outH + ", " + outW + "]");
    Checks.check(
        x.dim(2) >= 1 && x.dim(3) >= 1,
        "adaptive_avg_pool2d",
        "input " + x.shape() + " has an empty spatial dimension");
    AdaptiveAvgPool2dOp op = new AdaptiveAvgPool2dOp();
    op.p = new AdaptivePool2dParams(x.dim(0), x.dim(1), x.dim(2), x.dim(3), outH, outW);
    Storage y = x.backend().pool().adaptiveAvgForward(x.storage(), op.p);
    return op.record(y, Shape.of(x.dim(0), x.dim(1), outH, outW), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pool().adaptiveAvgBackward(g, p));
  }
}
