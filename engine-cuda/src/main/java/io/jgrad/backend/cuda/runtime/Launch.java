package io.jgrad.backend.cuda.runtime;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

/**
 * The arguments of one kernel launch, in the kernel's parameter order, and the launch itself on the
 * calling thread's stream. Kernels loop grid-stride, so the grid is capped. With {@code
 * -Djgrad.cuda.syncLaunches=true} every launch waits for its kernel, so an asynchronous fault is
 * reported by the launch that caused it (a debugging aid; slow).
 */
public final class Launch {
  /** Threads per block for one-dimensional kernels. */
  public static final int THREADS = 256;

  /** The grid cap; grid-stride loops cover the rest. */
  public static final int MAX_BLOCKS = 1 << 20;

  private static final boolean SYNC = Boolean.getBoolean("jgrad.cuda.syncLaunches");

  private final List<Pointer> args = new ArrayList<>();

  private Launch() {}

  /** An empty argument list. */
  public static Launch args() {
    return new Launch();
  }

  /** Adds a device pointer (may be a NULL pointer). */
  public Launch ptr(Pointer p) {
    args.add(Pointer.to(p));
    return this;
  }

  /** Adds an {@code int}. */
  public Launch i(int v) {
    args.add(Pointer.to(new int[] {v}));
    return this;
  }

  /** Adds a {@code float}. */
  public Launch f(float v) {
    args.add(Pointer.to(new float[] {v}));
    return this;
  }

  /** Adds a {@code double}. */
  public Launch d(double v) {
    args.add(Pointer.to(new double[] {v}));
    return this;
  }

  /** Adds a struct of ints passed by value (e.g. an {@code AxisPlan} packing). */
  public Launch struct(int[] fields) {
    args.add(Pointer.to(fields.clone()));
    return this;
  }

  /** Blocks of {@link #THREADS} to cover {@code n} elements, capped at {@link #MAX_BLOCKS}. */
  public static int blocks(long n) {
    return (int) Math.max(1, Math.min(MAX_BLOCKS, (n + THREADS - 1) / THREADS));
  }

  /** Launches {@code fn} on {@code sc}'s stream; {@code what} names the op for errors. */
  public void run(
      StreamContext sc, CUfunction fn, int blocks, int threads, int sharedBytes, String what) {
    Pointer params = Pointer.to(args.toArray(new Pointer[0]));
    CudaErrors.driver(
        JCudaDriver.cuLaunchKernel(
            fn, blocks, 1, 1, threads, 1, 1, sharedBytes, sc.cuStream(), params, null),
        what + " (kernel launch)");
    if (SYNC) {
      sc.synchronize(what);
    }
  }
}
