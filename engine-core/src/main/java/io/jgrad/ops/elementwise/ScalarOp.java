package io.jgrad.ops.elementwise;

import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;

/** x + s or x * s for a constant s. Gradient g, or g*s. */
public final class ScalarOp extends Function {
  private final boolean multiply;
  private final double scalar;

  private ScalarOp(boolean multiply, double scalar) {
    this.multiply = multiply;
    this.scalar = scalar;
  }

  /** x + s. */
  public static Tensor add(Tensor x, double s) {
    Storage y = x.backend().elementwise().binaryScalar(BinaryOp.ADD, x.storage(), s);
    return new ScalarOp(false, s).record(y, x.shape(), x);
  }

  /** x * s. */
  public static Tensor mul(Tensor x, double s) {
    Storage y = x.backend().elementwise().binaryScalar(BinaryOp.MUL, x.storage(), s);
    return new ScalarOp(true, s).record(y, x.shape(), x);
  }

  @Override
  public String name() {
    return multiply ? "mul_scalar" : "add_scalar";
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(multiply ? backend().elementwise().binaryScalar(BinaryOp.MUL, g, scalar) : g);
  }
}
