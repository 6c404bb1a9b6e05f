package io.jgrad.backend.cuda;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.cuda.runtime.Streams;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;

/**
 * A float32 buffer in device memory, a block of the {@link CachingAllocator}. {@link #close()}
 * returns the block to the pool at once; a {@link Cleaner} does it when the storage becomes
 * unreachable (the safety net). Kernels take the address through {@link #pointer}, which makes work
 * already queued on another thread's stream finish first, and call {@link #keepAlive} after
 * queueing so the storage cannot be collected (and its block reused) while being enqueued.
 */
public final class CudaStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final CudaBackend backend;
  private final int size;
  private final CachingAllocator.Block block;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean closed;

  CudaStorage(CudaBackend backend, int size, CachingAllocator.Block block) {
    this.backend = backend;
    this.size = size;
    this.block = block;
    this.cleanable =
        block.bytes() == 0 ? null : CLEANER.register(this, new Release(backend.allocator(), block));
  }

  /** The cleaning action; holds only the allocator and the block, never the storage. */
  private static final class Release implements Runnable {
    private final CachingAllocator allocator;
    private final CachingAllocator.Block block;

    Release(CachingAllocator allocator, CachingAllocator.Block block) {
      this.allocator = allocator;
      this.block = block;
    }

    @Override
    public void run() {
      allocator.release(block);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** The owning backend, typed. */
  public CudaBackend cudaBackend() {
    return backend;
  }

  /**
   * The device address, for work queued on {@code sc}'s stream. Every other stream that used the
   * buffer since it was allocated is drained first (a cheap call for an idle stream), so neither a
   * read nor a write on {@code sc} can overtake another thread's queued work on it.
   */
  public Pointer pointer(StreamContext sc) {
    if (closed) {
      throw new IllegalStateException(
          "cuda: a storage of " + size + " floats was used after close()");
    }
    if (block.bytes() == 0) {
      return block.pointer(); // the shared empty block: nothing to order
    }
    for (cudaStream_t other : block.acquire(sc.stream())) {
      if (!Streams.await(other, "waiting for another thread's stream")) {
        block.forget(other);
      }
    }
    return block.pointer();
  }

  /** Bytes of device memory held (the size class of the block). */
  public long blockBytes() {
    return block.bytes();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Returns the block to the allocator now. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (cleanable != null) {
      cleanable.clean();
    }
  }

  /**
   * The storage {@code s} as a CUDA storage of this backend.
   *
   * @throws IllegalArgumentException naming {@code op} for storage of another device, or closed
   */
  public static CudaStorage of(Storage s, String op) {
    if (s == null) {
      throw new IllegalArgumentException(op + ": a required buffer is null");
    }
    if (!(s instanceof CudaStorage)) {
      throw new IllegalArgumentException(
          op + ": expected a tensor on device cuda, got one on device " + s.backend().device());
    }
    CudaStorage c = (CudaStorage) s;
    if (c.closed) {
      throw new IllegalArgumentException(op + ": a buffer of " + c.size + " floats was closed");
    }
    return c;
  }

  /** {@link #of} for an optional buffer: null stays null. */
  public static CudaStorage ofNullable(Storage s, String op) {
    return s == null ? null : of(s, op);
  }

  /** Keeps the given objects reachable up to this call (after the kernel that uses them). */
  public static void keepAlive(Object... used) {
    Reference.reachabilityFence(used);
    for (Object o : used) {
      Reference.reachabilityFence(o);
    }
  }
}
