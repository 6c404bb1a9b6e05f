package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.IndexKernels;

/**
 * Strided copies and arg-max with {@code index.cu}. A view's dims are coalesced by {@link AxisPlan}
 * (size-1 dims dropped, chained strides merged) into the kernel's by-value plan.
 */
final class CudaIndex implements IndexKernels {
  private static final String FILE = "index.cu";

  private final CudaBackend backend;

  CudaIndex(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage gather(Storage x, int offset, int[] dims, int[] strides) {
    CudaStorage in = CudaStorage.of(x, "gather");
    int n = IndexKernels.checkView("gather", in.size(), offset, dims, strides);
    CudaStorage out = backend.allocate(n);
    strided("gather_f32", in, out, n, offset, dims, strides);
    CudaStorage.keepAlive(in);
    return out;
  }

  @Override
  public void scatter(Storage src, Storage dst, int offset, int[] dims, int[] strides) {
    CudaStorage in = CudaStorage.of(src, "scatter");
    CudaStorage out = CudaStorage.of(dst, "scatter");
    int n = IndexKernels.checkView("scatter", out.size(), offset, dims, strides);
    if (n != in.size()) {
      throw new IllegalArgumentException(
          "scatter: source has " + in.size() + " elements but the view holds " + n);
    }
    strided("scatter_f32", in, out, n, offset, dims, strides);
    CudaStorage.keepAlive(in, out);
  }

  private void strided(
      String kernel, CudaStorage in, CudaStorage out, int n, int offset, int[] dims, int[] s) {
    if (n == 0) {
      return;
    }
    String what = kernel + " of " + n + " elements";
    AxisPlan.Strided plan = AxisPlan.coalesce(what, dims, s);
    StreamContext sc = backend.stream();
    Launch.args()
        .ptr(in.pointer(sc))
        .ptr(out.pointer(sc))
        .i(n)
        .i(offset)
        .struct(plan.packed())
        .run(
            sc,
            backend.kernels().function(FILE, kernel),
            Launch.blocks(n),
            Launch.THREADS,
            0,
            what);
  }

  @Override
  public Storage[] maxAlong(Storage x, int outer, int size, int inner) {
    CudaStorage in = CudaStorage.of(x, "max");
    IndexKernels.checkAlong("max", in.size(), outer, size, inner);
    int n = outer * inner;
    CudaStorage values = backend.allocate(n);
    CudaStorage indices = backend.allocate(n);
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(in.pointer(sc))
          .ptr(values.pointer(sc))
          .ptr(indices.pointer(sc))
          .i(outer)
          .i(size)
          .i(inner)
          .run(
              sc,
              backend.kernels().function(FILE, "max_along"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "max over [" + outer + ", " + size + ", " + inner + "]");
    }
    CudaStorage.keepAlive(in);
    return new Storage[] {values, indices};
  }

  @Override
  public Storage maxAlongBackward(Storage g, Storage indices, int outer, int size, int inner) {
    CudaStorage gg = CudaStorage.of(g, "max backward");
    CudaStorage idx = CudaStorage.of(indices, "max backward");
    int n = outer * inner;
    if (gg.size() != n || idx.size() != n) {
      throw new IllegalArgumentException(
          "max backward: gradient and indices need " + n + " elements");
    }
    CudaStorage dx = (CudaStorage) backend.memory().zeros(n * size);
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(gg.pointer(sc))
          .ptr(idx.pointer(sc))
          .ptr(dx.pointer(sc))
          .i(outer)
          .i(size)
          .i(inner)
          .run(
              sc,
              backend.kernels().function(FILE, "max_along_backward"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "max backward over [" + outer + ", " + size + ", " + inner + "]");
    }
    CudaStorage.keepAlive(gg, idx);
    return dx;
  }
}
