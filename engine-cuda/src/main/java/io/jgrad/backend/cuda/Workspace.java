package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.runtime.StreamContext;
import jcuda.Pointer;

/**
 * One thread's scratch memory for cuDNN (convolution algorithms), grown when an algorithm needs
 * more and otherwise reused call after call. The old block goes back to the pool on growth; the
 * stream orders its release after the kernels that used it.
 */
final class Workspace implements AutoCloseable {
  /** Growth granularity. */
  static final long STEP = 1L << 20;

  private final CachingAllocator allocator;
  private CachingAllocator.Block block = CachingAllocator.EMPTY;

  Workspace(CachingAllocator allocator) {
    this.allocator = allocator;
  }

  /** At least {@code bytes} of scratch memory for work on {@code sc}'s stream. */
  Pointer ensure(long bytes, StreamContext sc) {
    if (bytes > block.bytes()) {
      long next = nextCapacity(block.bytes(), bytes);
      allocator.release(block);
      block = CachingAllocator.EMPTY;
      block = allocator.allocate(next, sc.stream());
    }
    if (block.bytes() > 0) {
      block.useOn(sc.stream());
    }
    return block.pointer();
  }

  /** Returns the scratch memory to the pool (its streams are drained before any reuse). */
  @Override
  public void close() {
    allocator.release(block);
    block = CachingAllocator.EMPTY;
  }

  /** Current capacity in bytes. */
  long capacity() {
    return block.bytes();
  }

  /**
   * The capacity to grow to: at least {@code needed}, at least 1.5x the current capacity (so a
   * slowly rising need does not reallocate every call), in whole {@link #STEP}s.
   */
  static long nextCapacity(long current, long needed) {
    long target = Math.max(needed, current + current / 2);
    return (target + STEP - 1) / STEP * STEP;
  }
}
