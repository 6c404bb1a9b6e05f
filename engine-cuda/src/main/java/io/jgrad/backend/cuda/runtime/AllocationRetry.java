package io.jgrad.backend.cuda.runtime;

import java.util.function.Supplier;

/** The retry policy for library calls that allocate device memory outside jgrad's pool. */
public final class AllocationRetry {
  private AllocationRetry() {}

  /**
   * Runs {@code call}; when it fails because a library could not allocate ({@link
   * CudaException#isAllocationFailure()}), runs {@code freeCache} (which returns the pool's cached
   * blocks to the device) and tries once more. A second failure propagates, with the first as a
   * suppressed exception.
   */
  public static <T> T once(Runnable freeCache, Supplier<T> call) {
    try {
      return call.get();
    } catch (CudaException first) {
      if (!first.isAllocationFailure()) {
        throw first;
      }
      freeCache.run();
      try {
        return call.get();
      } catch (RuntimeException second) {
        second.addSuppressed(first);
        throw second;
      }
    }
  }
}
