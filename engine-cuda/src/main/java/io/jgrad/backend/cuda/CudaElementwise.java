package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.ElementwiseKernels;
import jcuda.driver.CUfunction;

/**
 * Element-wise maps through {@code elementwise.cu}, ReLU included: its {@code relu_f} keeps NaN and
 * maps -0 to +0 exactly as the CPU backends do, which cuDNN's activation does not promise. Op codes
 * are mapped explicitly, never by enum ordinal.
 */
final class CudaElementwise implements ElementwiseKernels {
  private static final String FILE = "elementwise.cu";

  private final CudaBackend backend;

  CudaElementwise(CudaBackend backend) {
    this.backend = backend;
  }

  /** The kernel code of a unary op (see elementwise.cu). */
  static int code(UnaryOp op) {
    switch (op) {
      case NEG:
        return 0;
      case EXP:
        return 1;
      case LOG:
        return 2;
      case RELU:
        return 3;
      case SQRT:
        return 4;
      default:
        throw new IllegalArgumentException("cuda elementwise: unknown unary op " + op);
    }
  }

  /** The kernel code of a binary op (see elementwise.cu). */
  static int code(BinaryOp op) {
    switch (op) {
      case ADD:
        return 0;
      case SUB:
        return 1;
      case MUL:
        return 2;
      case DIV:
        return 3;
      case RELU_BACKWARD:
        return 4;
      case POW:
        return 5;
      case POW_BASE_GRAD:
        return 6;
      case POW_EXPONENT_GRAD:
        return 7;
      default:
        throw new IllegalArgumentException("cuda elementwise: unknown binary op " + op);
    }
  }

  @Override
  public Storage unary(UnaryOp op, Storage x) {
    String what = "elementwise " + op;
    CudaStorage in = CudaStorage.of(x, what);
    int n = in.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("unary_f32"),
        (sc, out) -> Launch.args().i(code(op)).ptr(in.pointer(sc)).ptr(out.pointer(sc)).i(n),
        what + " of " + n + " elements",
        in);
  }

  @Override
  public Storage binary(BinaryOp op, Storage a, Storage b) {
    String what = "elementwise " + op;
    CudaStorage x = CudaStorage.of(a, what);
    CudaStorage y = CudaStorage.of(b, what);
    ElementLaunch.sameSize(what, x.size(), y.size());
    int n = x.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("binary_f32"),
        (sc, out) ->
            Launch.args()
                .i(code(op))
                .ptr(x.pointer(sc))
                .ptr(y.pointer(sc))
                .ptr(out.pointer(sc))
                .i(n),
        what + " of " + n + " elements",
        x,
        y);
  }

  @Override
  public Storage binaryScalar(BinaryOp op, Storage a, double scalar) {
    String what = "elementwise " + op + " with scalar " + scalar;
    CudaStorage x = CudaStorage.of(a, what);
    int n = x.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("binary_scalar_f32"),
        (sc, out) ->
            Launch.args()
                .i(code(op))
                .ptr(x.pointer(sc))
                .f((float) scalar)
                .ptr(out.pointer(sc))
                .i(n),
        what + " of " + n + " elements",
        x);
  }

  @Override
  public void accumulate(Storage acc, Storage x) {
    CudaStorage sum = CudaStorage.of(acc, "elementwise accumulate");
    CudaStorage add = CudaStorage.of(x, "elementwise accumulate");
    ElementLaunch.sameSize("elementwise accumulate", sum.size(), add.size());
    int n = sum.size();
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(sum.pointer(sc))
          .ptr(add.pointer(sc))
          .i(n)
          .run(
              sc,
              kernel("accumulate_f32"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "accumulate of " + n + " elements");
    }
    CudaStorage.keepAlive(sum, add);
  }

  private CUfunction kernel(String name) {
    return backend.kernels().function(FILE, name);
  }
}
