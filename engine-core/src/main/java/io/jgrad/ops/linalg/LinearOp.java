package io.jgrad.ops.linalg;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.BlasKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.util.Checks;

/**
 * y = x·Wᵀ + b for x [N, in], W [out, in], b [out]. One GEMM with W transposed in place (no copy);
 * dx = G·W, dW = Gᵀ·x, db = Σ_N G.
 */
public final class LinearOp extends Function {
  private Storage x;
  private Storage w;
  private int batch;
  private int in;
  private int out;

  /** The affine map; {@code bias} may be null. */
  public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
    Checks.rank("linear", "input", x, 2, "[N, in_features]");
    Checks.rank("linear", "weight", weight, 2, "[out_features, in_features]");
    Checks.sameDevice("linear", x, weight);
    if (x.dim(1) != weight.dim(1)) {
      throw Checks.error(
          "linear",
          "input "
              + x.shape()
              + " has "
              + x.dim(1)
              + " features but weight "
              + weight.shape()
              + " expects "
              + weight.dim(1));
    }
    LinearOp op = new LinearOp();
    op.batch = x.dim(0);
    op.in = x.dim(1);
    op.out = weight.dim(0);
    if (bias != null) {
      Checks.sameDevice("linear", x, bias);
      Checks.sameShape("linear", "bias", Shape.of(op.out), bias.shape());
    }
    op.x = x.storage();
    op.w = weight.storage();
    Storage y = x.backend().blas().matmul(op.x, op.w, op.batch, op.in, op.out, false, true);
    Shape outShape = Shape.of(op.batch, op.out);
    if (bias != null) {
      Storage b = x.backend().copy().expand(bias.storage(), Shape.of(1, op.out), outShape);
      y = x.backend().elementwise().binary(BinaryOp.ADD, y, b);
      return op.record(y, outShape, x, weight, bias);
    }
    return op.record(y, outShape, x, weight);
  }

  @Override
  protected Storage[] backward(Storage g) {
    BlasKernels blas = backend().blas();
    Storage gx = needsInputGrad(0) ? blas.matmul(g, w, batch, out, in, false, false) : null;
    Storage gw = needsInputGrad(1) ? blas.matmul(g, x, out, batch, in, true, false) : null;
    if (inputCount() == 3) {
      Storage gb =
          needsInputGrad(2) ? backend().reduce().sum(g, Shape.of(batch, out), new int[] {0}) : null;
      return grads(gx, gw, gb);
    }
    return grads(gx, gw);
  }

  @Override
  protected void releaseSaved() {
    x = null;
    w = null;
  }
}
