package io.jgrad.backend.cuda;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.CopyKernels;

/** Broadcast copies with {@code copy.cu}, dims coalesced by {@link AxisPlan}. */
final class CudaCopy implements CopyKernels {
  private final CudaBackend backend;

  CudaCopy(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage expand(Storage x, Shape from, Shape to) {
    String what = "expand " + from + " to " + to;
    CudaStorage in = CudaStorage.of(x, what);
    if (in.size() != from.numel()) {
      throw new IllegalArgumentException(
          what + ": the buffer has " + in.size() + " elements, the shape needs " + from.numel());
    }
    AxisPlan.Strided plan = AxisPlan.expand(from, to);
    if (from.equals(to)) {
      return backend.memory().copy(in);
    }
    int n = to.numel();
    CudaStorage out = backend.allocate(n);
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(in.pointer(sc))
          .ptr(out.pointer(sc))
          .i(n)
          .struct(plan.packed())
          .run(
              sc,
              backend.kernels().function("copy.cu", "expand_f32"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              what);
    }
    CudaStorage.keepAlive(in);
    return out;
  }
}
