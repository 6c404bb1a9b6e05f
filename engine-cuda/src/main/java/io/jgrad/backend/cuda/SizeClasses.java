package io.jgrad.backend.cuda;

/**
 * The block sizes the caching allocator hands out, so that freed blocks are reused for requests of
 * nearly the same size. Below 1 MiB sizes round up to a multiple of 512 bytes; above, to a quarter
 * step of the power of two below ({@code 1, 1.25, 1.5, 1.75 × 2^k}), wasting under 25%.
 */
public final class SizeClasses {
  /** The granularity of small blocks (cudaMalloc aligns to at least 256 bytes). */
  public static final long SMALL_STEP = 512;

  /** Sizes from here on use power-of-two quarter steps. */
  public static final long LARGE_THRESHOLD = 1L << 20;

  private SizeClasses() {}

  /** The size class of a request of {@code bytes}: {@code >= bytes}, and its own class. */
  public static long roundUp(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("allocator: negative request of " + bytes + " bytes");
    }
    if (bytes == 0) {
      return 0;
    }
    if (bytes < LARGE_THRESHOLD) {
      return ceilTo(bytes, SMALL_STEP);
    }
    long step = Long.highestOneBit(bytes) >> 2;
    return ceilTo(bytes, step);
  }

  private static long ceilTo(long value, long step) {
    return Math.addExact(value, step - 1) / step * step;
  }
}
