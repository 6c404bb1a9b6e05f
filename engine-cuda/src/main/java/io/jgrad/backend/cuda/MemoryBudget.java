package io.jgrad.backend.cuda;

/**
 * How much device memory jgrad's pool may take by default. cuDNN and cuBLAS allocate outside the
 * pool (handles, cuBLAS's workspace, cuDNN 9's lazily loaded kernels, dropout state set-up), so the
 * pool leaves them room; where such a call still fails for memory, {@link
 * io.jgrad.backend.cuda.runtime.AllocationRetry} empties the pool's cache and tries once more.
 */
final class MemoryBudget {
  /** Left to the libraries at least: cuDNN 9 loads its kernels into device memory on first use. */
  static final long MIN_RESERVE = 1L << 30;

  private MemoryBudget() {}

  /**
   * The default bound of the pool for {@code free} bytes free at start-up: all but the larger of
   * 10% and {@link #MIN_RESERVE}, but at least half of what is free (on a device with less than 2
   * GiB free the pool and the libraries share it equally).
   */
  static long defaultLimit(long free) {
    if (free <= 0) {
      throw new IllegalArgumentException("cuda: the device reports " + free + " bytes free");
    }
    long reserve = Math.max(free / 10, MIN_RESERVE);
    return Math.max(free / 2, free - reserve);
  }
}
