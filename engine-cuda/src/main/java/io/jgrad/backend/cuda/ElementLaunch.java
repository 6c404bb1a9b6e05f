package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import java.util.function.Supplier;
import jcuda.driver.CUfunction;

/**
 * The launch the element-wise families ({@link CudaElementwise}, {@link CudaPointwise}) share: a
 * new buffer of n elements written by one grid-stride kernel, {@link Launch#THREADS} threads a
 * block. Nothing is launched (and the kernel is not looked up) when n is 0. The inputs stay
 * reachable until the launch is queued.
 */
final class ElementLaunch {
  private ElementLaunch() {}

  /** A kernel's argument list on stream {@code sc}, writing {@code out}. */
  @FunctionalInterface
  interface Args {
    Launch on(StreamContext sc, CudaStorage out);
  }

  /** A new buffer of {@code n} elements, filled by {@code kernel} with {@code args}. */
  static CudaStorage map(
      CudaBackend backend,
      int n,
      Supplier<CUfunction> kernel,
      Args args,
      String what,
      CudaStorage... inputs) {
    CudaStorage out = backend.allocate(n);
    if (n > 0) {
      StreamContext sc = backend.stream();
      args.on(sc, out).run(sc, kernel.get(), Launch.blocks(n), Launch.THREADS, 0, what);
    }
    CudaStorage.keepAlive((Object[]) inputs);
    return out;
  }

  /** Fails with {@code what} and both sizes unless they are equal. */
  static void sameSize(String what, int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(what + ": sizes differ, " + a + " vs " + b + " elements");
    }
  }
}
