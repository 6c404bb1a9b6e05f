package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.PointwiseMath;

/**
 * Element-wise maps in float32. The op is chosen once per chunk; each case is a plain indexed loop
 * that C2 can vectorize. Large buffers are split into fixed-size chunks across threads.
 */
final class CpuElementwise implements ElementwiseKernels {
  /** Elements per chunk: below this, one thread does the whole map. */
  static final int GRAIN = 1 << 15;

  private final CpuBackend backend;

  CpuElementwise(CpuBackend backend) {
    this.backend = backend;
  }

  /** {@code op(x)} element by element. */
  @Override
  public Storage unary(UnaryOp op, Storage x) {
    float[] a = CpuStorage.data(x);
    CpuStorage out = backend.uninitialized(a.length);
    Parallel.forChunks(a.length, GRAIN, (s, e) -> unaryRange(op, a, out.data, s, e));
    return out;
  }

  /** {@code op(a, b)} element by element; the sizes must match. */
  @Override
  public Storage binary(BinaryOp op, Storage a, Storage b) {
    float[] x = CpuStorage.data(a);
    float[] y = CpuStorage.data(b);
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "elementwise " + op + ": sizes differ, " + x.length + " vs " + y.length + " elements");
    }
    CpuStorage out = backend.uninitialized(x.length);
    if (op == BinaryOp.RELU_BACKWARD) {
      VectorOps ops = backend.ops();
      Parallel.forChunks(x.length, GRAIN, (s, e) -> ops.reluBackward(x, y, out.data, s, e));
    } else {
      Parallel.forChunks(x.length, GRAIN, (s, e) -> binaryRange(op, x, y, out.data, s, e));
    }
    return out;
  }

  /** {@code op(a, scalar)} element by element; the scalar is rounded to float first. */
  @Override
  public Storage binaryScalar(BinaryOp op, Storage a, double scalar) {
    float[] x = CpuStorage.data(a);
    float c = (float) scalar;
    CpuStorage out = backend.uninitialized(x.length);
    Parallel.forChunks(x.length, GRAIN, (s, e) -> scalarRange(op, x, c, out.data, s, e));
    return out;
  }

  /** {@code acc += x} in place; the sizes must match. */
  @Override
  public void accumulate(Storage acc, Storage x) {
    float[] sum = CpuStorage.data(acc);
    float[] add = CpuStorage.data(x);
    if (sum.length != add.length) {
      throw new IllegalArgumentException(
          "elementwise accumulate: sizes differ, "
              + sum.length
              + " vs "
              + add.length
              + " elements");
    }
    Parallel.forChunks(
        sum.length,
        GRAIN,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            sum[i] += add[i];
          }
        });
  }

  private static void unaryRange(UnaryOp op, float[] a, float[] o, int s, int e) {
    switch (op) {
      case NEG:
        for (int i = s; i < e; i++) {
          o[i] = -a[i];
        }
        break;
      case EXP:
        for (int i = s; i < e; i++) {
          o[i] = (float) Math.exp(a[i]);
        }
        break;
      case LOG:
        for (int i = s; i < e; i++) {
          o[i] = (float) Math.log(a[i]);
        }
        break;
      case RELU:
        // Math.max propagates NaN (relu(NaN) = NaN, as in PyTorch) and is a SIMD intrinsic.
        for (int i = s; i < e; i++) {
          o[i] = Math.max(a[i], 0f);
        }
        break;
      case SQRT:
        // The double square root rounded once to float is the correctly rounded float result.
        for (int i = s; i < e; i++) {
          o[i] = (float) Math.sqrt(a[i]);
        }
        break;
      default:
        throw new IllegalArgumentException("unknown unary op " + op);
    }
  }

  private static void binaryRange(BinaryOp op, float[] a, float[] b, float[] o, int s, int e) {
    switch (op) {
      case ADD:
        for (int i = s; i < e; i++) {
          o[i] = a[i] + b[i];
        }
        break;
      case SUB:
        for (int i = s; i < e; i++) {
          o[i] = a[i] - b[i];
        }
        break;
      case MUL:
        for (int i = s; i < e; i++) {
          o[i] = a[i] * b[i];
        }
        break;
      case DIV:
        for (int i = s; i < e; i++) {
          o[i] = a[i] / b[i];
        }
        break;
      case RELU_BACKWARD:
        for (int i = s; i < e; i++) {
          o[i] = gate(a[i], b[i]);
        }
        break;
      case POW:
      case POW_BASE_GRAD:
      case POW_EXPONENT_GRAD:
        for (int i = s; i < e; i++) {
          o[i] = (float) powFamily(op, a[i], b[i]);
        }
        break;
      default:
        throw new IllegalArgumentException("unknown binary op " + op);
    }
  }

  private static void scalarRange(BinaryOp op, float[] a, float c, float[] o, int s, int e) {
    switch (op) {
      case ADD:
        for (int i = s; i < e; i++) {
          o[i] = a[i] + c;
        }
        break;
      case SUB:
        for (int i = s; i < e; i++) {
          o[i] = a[i] - c;
        }
        break;
      case MUL:
        for (int i = s; i < e; i++) {
          o[i] = a[i] * c;
        }
        break;
      case DIV:
        for (int i = s; i < e; i++) {
          o[i] = a[i] / c;
        }
        break;
      case RELU_BACKWARD:
        for (int i = s; i < e; i++) {
          o[i] = gate(a[i], c);
        }
        break;
      case POW:
      case POW_BASE_GRAD:
      case POW_EXPONENT_GRAD:
        for (int i = s; i < e; i++) {
          o[i] = (float) powFamily(op, a[i], c);
        }
        break;
      default:
        throw new IllegalArgumentException("unknown binary op " + op);
    }
  }

  /**
   * The power ops in double by {@link PointwiseMath}, the reference definition, so the float result
   * is the reference result rounded once.
   */
  private static double powFamily(BinaryOp op, double a, double b) {
    switch (op) {
      case POW:
        return PointwiseMath.pow(a, b);
      case POW_BASE_GRAD:
        return PointwiseMath.powBaseGrad(a, b);
      default:
        return PointwiseMath.powExponentGrad(a, b);
    }
  }

  /**
   * {@code a > 0 ? b : 0}, without a branch (the sign of a ReLU input is unpredictable, and a
   * mispredicted branch costs far more than these integer ops). {@code a > 0} holds exactly when
   * the bits of {@code a}, read as an int, lie in {@code [1, 0x7F800000]}: positive, non-zero, not
   * NaN ({@code +inf} included). With {@code t = bits - 1} that is {@code 0 <= t < 0x7F800000}, and
   * both tests become sign masks.
   */
  static float gate(float a, float b) {
    int t = Float.floatToRawIntBits(a) - 1;
    int keep = ~(t >> 31) & ((t - 0x7F800000) >> 31);
    return Float.intBitsToFloat(Float.floatToRawIntBits(b) & keep);
  }
}
