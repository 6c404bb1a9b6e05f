package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.PointwiseMath;

/** Element-wise maps in double precision, one plain loop each. NaN and Inf follow IEEE 754. */
final class RefElementwise implements ElementwiseKernels {
  private final RefBackend backend;

  RefElementwise(RefBackend backend) {
    this.backend = backend;
  }

  /** {@code op(x)} element by element. */
  @Override
  public Storage unary(UnaryOp op, Storage x) {
    double[] a = RefStorage.data(x);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = apply(op, a[i]);
    }
    return backend.wrap(out);
  }

  /** {@code op(a, b)} element by element; the sizes must match. */
  @Override
  public Storage binary(BinaryOp op, Storage a, Storage b) {
    double[] x = RefStorage.data(a);
    double[] y = RefStorage.data(b);
    checkSameSize(op.name(), x.length, y.length);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = apply(op, x[i], y[i]);
    }
    return backend.wrap(out);
  }

  /** {@code op(a, scalar)} element by element. */
  @Override
  public Storage binaryScalar(BinaryOp op, Storage a, double scalar) {
    double[] x = RefStorage.data(a);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = apply(op, x[i], scalar);
    }
    return backend.wrap(out);
  }

  /** {@code acc += x} in place; the sizes must match. */
  @Override
  public void accumulate(Storage acc, Storage x) {
    double[] sum = RefStorage.data(acc);
    double[] add = RefStorage.data(x);
    checkSameSize("accumulate", sum.length, add.length);
    for (int i = 0; i < sum.length; i++) {
      sum[i] += add[i];
    }
  }

  /** The scalar definition of each unary op. */
  static double apply(UnaryOp op, double x) {
    switch (op) {
      case NEG:
        return -x;
      case EXP:
        return Math.exp(x);
      case LOG:
        return Math.log(x);
      case RELU:
        // Math.max propagates NaN (relu(NaN) = NaN, as in PyTorch) and maps -0.0 to 0.0.
        return Math.max(x, 0.0);
      case SQRT:
        return Math.sqrt(x);
      default:
        throw new IllegalArgumentException("unknown unary op " + op);
    }
  }

  /** The scalar definition of each binary op. */
  static double apply(BinaryOp op, double a, double b) {
    switch (op) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return a * b;
      case DIV:
        return a / b;
      case RELU_BACKWARD:
        return a > 0 ? b : 0.0;
      case POW:
        return PointwiseMath.pow(a, b);
      case POW_BASE_GRAD:
        return PointwiseMath.powBaseGrad(a, b);
      case POW_EXPONENT_GRAD:
        return PointwiseMath.powExponentGrad(a, b);
      default:
        throw new IllegalArgumentException("unknown binary op " + op);
    }
  }

  private static void checkSameSize(String op, int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "elementwise " + op + ": sizes differ, " + a + " vs " + b + " elements");
    }
  }
}
