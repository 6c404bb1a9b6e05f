package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.kernels.PointwiseKernels;

/**
 * Parameterised element-wise maps, comparisons and where with {@code pointwise.cu}: each element in
 * double as {@link io.jgrad.backend.kernels.PointwiseMath} defines it, rounded once. Codes are
 * mapped explicitly, never by enum ordinal.
 */
final class CudaPointwise implements PointwiseKernels {
  private static final String FILE = "pointwise.cu";

  private final CudaBackend backend;

  CudaPointwise(CudaBackend backend) {
    this.backend = backend;
  }

  /** The kernel code of a function (see pointwise.cu). */
  static int code(Fn fn) {
    switch (fn) {
      case SIGMOID:
        return 0;
      case TANH:
        return 1;
      case ABS:
        return 2;
      case GELU:
        return 3;
      case GELU_TANH:
        return 4;
      case LEAKY_RELU:
        return 5;
      case CLAMP:
        return 6;
      case POW:
        return 7;
      default:
        throw new IllegalArgumentException("cuda pointwise: unknown function " + fn);
    }
  }

  /** The kernel code of a comparison (see pointwise.cu). */
  static int code(Compare op) {
    switch (op) {
      case EQ:
        return 0;
      case NE:
        return 1;
      case LT:
        return 2;
      case LE:
        return 3;
      case GT:
        return 4;
      case GE:
        return 5;
      default:
        throw new IllegalArgumentException("cuda pointwise: unknown comparison " + op);
    }
  }

  @Override
  public Storage forward(Fn fn, Storage x, double p, double q) {
    String what = "pointwise " + fn;
    CudaStorage in = CudaStorage.of(x, what);
    int n = in.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("pointwise_forward"),
        (sc, out) ->
            Launch.args().i(code(fn)).ptr(in.pointer(sc)).ptr(out.pointer(sc)).i(n).d(p).d(q),
        what,
        in);
  }

  @Override
  public Storage backward(Fn fn, Storage saved, Storage g, double p, double q) {
    String what = "pointwise " + fn + " backward";
    CudaStorage s = CudaStorage.of(saved, what);
    CudaStorage gg = CudaStorage.of(g, what);
    ElementLaunch.sameSize(what, s.size(), gg.size());
    int n = s.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("pointwise_backward"),
        (sc, out) ->
            Launch.args()
                .i(code(fn))
                .ptr(s.pointer(sc))
                .ptr(gg.pointer(sc))
                .ptr(out.pointer(sc))
                .i(n)
                .d(p)
                .d(q),
        what,
        s,
        gg);
  }

  @Override
  public Storage compare(Compare op, Storage a, Storage b) {
    String what = "compare " + op;
    CudaStorage x = CudaStorage.of(a, what);
    CudaStorage y = CudaStorage.of(b, what);
    ElementLaunch.sameSize(what, x.size(), y.size());
    int n = x.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("compare_f32"),
        (sc, out) ->
            Launch.args()
                .i(code(op))
                .ptr(x.pointer(sc))
                .ptr(y.pointer(sc))
                .ptr(out.pointer(sc))
                .i(n),
        what,
        x,
        y);
  }

  @Override
  public Storage where(Storage cond, Storage a, Storage b) {
    String what = "where";
    CudaStorage c = CudaStorage.of(cond, what);
    CudaStorage x = CudaStorage.of(a, what);
    CudaStorage y = CudaStorage.of(b, what);
    ElementLaunch.sameSize(what, c.size(), x.size());
    ElementLaunch.sameSize(what, c.size(), y.size());
    int n = c.size();
    return ElementLaunch.map(
        backend,
        n,
        () -> kernel("where_f32"),
        (sc, out) ->
            Launch.args()
                .ptr(c.pointer(sc))
                .ptr(x.pointer(sc))
                .ptr(y.pointer(sc))
                .ptr(out.pointer(sc))
                .i(n),
        what,
        c,
        x,
        y);
  }

  private jcuda.driver.CUfunction kernel(String name) {
    return backend.kernels().function(FILE, name);
  }
}
