package io.jgrad.ops.activation;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/** y = x for x &gt; 0, else slope·x. Saves the input: dy/dx = 1 or slope (slope at 0). */
public final class LeakyReluOp extends Function {
  private Storage x;
  private double slope;

  /** leaky_relu(x, negative_slope). */
  public static Tensor apply(Tensor x, double negativeSlope) {
    if (!Double.isFinite(negativeSlope)) {
      throw new IllegalArgumentException(
          "leaky_relu: negative_slope must be finite, got " + negativeSlope);
    }
    LeakyReluOp op = new LeakyReluOp();
    op.x = x.storage();
    op.slope = negativeSlope;
    Storage y = x.backend().pointwise().forward(Fn.LEAKY_RELU, op.x, negativeSlope, 0);
    return op.record(y, x.shape(), x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().pointwise().backward(Fn.LEAKY_RELU, x, g, slope, 0));
  }

  @Override
  protected void releaseSaved() {
    x = null;
  }
}
