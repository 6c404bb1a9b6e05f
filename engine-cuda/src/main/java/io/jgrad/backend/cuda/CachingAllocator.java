package io.jgrad.backend.cuda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;

/**
 * Pools device memory so a training step reuses the blocks the previous step freed instead of
 * calling {@code cudaMalloc}/{@code cudaFree} (which synchronize the device). Requests are rounded
 * to {@link SizeClasses}; freed blocks wait in one free list per class. Each block remembers every
 * stream that used it: handing it to another stream first waits for all of them.
 *
 * <p>The total reserved from the device never exceeds the bound ({@code -Djgrad.cuda.maxBytes},
 * default 90% of the memory free at start-up). When a request does not fit, the allocator frees its
 * cached blocks, then asks the garbage collector to run the {@link java.lang.ref.Cleaner}s of
 * unreachable tensors, and only then fails with a {@link CudaOutOfMemoryException} that gives the
 * request and the bytes in use.
 */
public final class CachingAllocator {
  /** The system property bounding the bytes reserved from the device. */
  public static final String MAX_BYTES_PROPERTY = "jgrad.cuda.maxBytes";

  private static final int GC_ROUNDS = 3;

  /**
   * A block of device memory and every stream that used it since it was handed out: a block read on
   * stream A and then on B is reused (or written on C) only after both A and B are drained, not
   * only the last of them, even when two threads took its address at the same time.
   */
  public static final class Block {
    private final Pointer pointer;
    private final long bytes;
    private final List<cudaStream_t> streams = new ArrayList<>(2); // guarded by this

    Block(Pointer pointer, long bytes, cudaStream_t stream) {
      this.pointer = pointer;
      this.bytes = bytes;
      if (stream != null) {
        streams.add(stream);
      }
    }

    /** The device address. */
    public Pointer pointer() {
      return pointer;
    }

    /** The size class in bytes (0 for the empty block). */
    public long bytes() {
      return bytes;
    }

    /** The stream that last started using the block (null for none). */
    public synchronized cudaStream_t stream() {
      return streams.isEmpty() ? null : streams.get(streams.size() - 1);
    }

    /** Every stream that used the block since it was handed out, oldest first. */
    public synchronized List<cudaStream_t> streams() {
      return List.copyOf(streams);
    }

    /** Records that {@code s} uses the block (no wait). */
    public void useOn(cudaStream_t s) {
      acquire(s);
    }

    /**
     * Records that {@code s} uses the block and returns the other streams that used it, which the
     * caller must drain before work on {@code s} touches the block. The set only grows until the
     * block is reused: a stream drained now may still receive work from a thread that took the
     * address earlier.
     */
    public synchronized List<cudaStream_t> acquire(cudaStream_t s) {
      List<cudaStream_t> others = new ArrayList<>(streams.size());
      boolean present = false;
      for (cudaStream_t x : streams) {
        if (x == s) {
          present = true;
        } else {
          others.add(x);
        }
      }
      if (!present) {
        streams.add(s);
      }
      return others;
    }

    /** Drops {@code s} (a destroyed stream, all of whose work has finished). */
    public synchronized void forget(cudaStream_t s) {
      streams.removeIf(x -> x == s);
    }

    /** The block is handed out again for {@code s}: returns the streams to drain first. */
    synchronized List<cudaStream_t> handOver(cudaStream_t s) {
      List<cudaStream_t> others = new ArrayList<>(streams.size());
      for (cudaStream_t x : streams) {
        if (x != s) {
          others.add(x);
        }
      }
      streams.clear();
      if (s != null) {
        streams.add(s);
      }
      return others;
    }
  }

  /**
   * Counters, in bytes.
   *
   * @param inUse held by live storages
   * @param cached free blocks kept for reuse
   * @param reserved obtained from the device (in use + cached)
   * @param limit the bound on {@code reserved}
   * @param peakInUse the largest {@code inUse} seen
   */
  public record Stats(long inUse, long cached, long reserved, long limit, long peakInUse) {}

  /** The shared block of zero-size storages; never pooled. */
  public static final Block EMPTY = new Block(new Pointer(), 0, null);

  private final DeviceHeap heap;
  private final long limit;
  private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
  private long inUse;
  private long cached;
  private long reserved;
  private long peakInUse;
  private boolean closed;

  /** An allocator over {@code heap} that reserves at most {@code limit} bytes. */
  public CachingAllocator(DeviceHeap heap, long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("allocator: limit must be positive, got " + limit);
    }
    this.heap = heap;
    this.limit = limit;
  }

  /** A block of at least {@code bytes}, to be used on {@code stream}. */
  public Block allocate(long bytes, cudaStream_t stream) {
    if (bytes == 0) {
      return EMPTY;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("cuda: the backend was closed");
      }
    }
    long size = SizeClasses.roundUp(bytes);
    for (int round = 0; round <= GC_ROUNDS + 1; round++) {
      Block b = reuse(size, stream);
      if (b == null) {
        b = fresh(size, stream);
      }
      if (b != null) {
        return b;
      }
      releaseCached();
      if (round >= 1 && round <= GC_ROUNDS && !collectGarbage(round)) {
        break;
      }
    }
    throw new CudaOutOfMemoryException(oomMessage(bytes, size));
  }

  /** Returns {@code b} to its free list; the memory stays reserved for reuse. */
  public void release(Block b) {
    if (b == null || b.bytes == 0) {
      return;
    }
    synchronized (this) {
      inUse -= b.bytes;
      if (!closed) {
        cached += b.bytes;
        free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
        return;
      }
      reserved -= b.bytes;
    }
    heap.free(b.pointer); // closed: every stream was drained and destroyed
  }

  /**
   * Frees the cached blocks and from now on frees each block as it is released instead of caching
   * it; later allocations throw. Call it after every stream was drained. Idempotent.
   */
  public void close() {
    synchronized (this) {
      closed = true;
    }
    releaseCached();
  }

  /** Gives every cached block back to the device. */
  public void releaseCached() {
    List<Block> blocks = new ArrayList<>();
    synchronized (this) {
      for (ArrayDeque<Block> list : free.values()) {
        blocks.addAll(list);
      }
      free.clear();
      cached = 0;
    }
    if (blocks.isEmpty()) {
      return;
    }
    heap.synchronizeDevice();
    for (Block b : blocks) {
      heap.free(b.pointer);
      synchronized (this) {
        reserved -= b.bytes;
      }
    }
  }

  /** The current counters. */
  public synchronized Stats stats() {
    return new Stats(inUse, cached, reserved, limit, peakInUse);
  }

  /** The bytes that may still be reserved before the bound is hit, counting cached blocks. */
  public synchronized long headroom() {
    return limit - reserved + cached;
  }

  private Block reuse(long size, cudaStream_t stream) {
    Block b;
    synchronized (this) {
      ArrayDeque<Block> list = free.get(size);
      b = list == null ? null : list.poll();
      if (b == null) {
        return null;
      }
      cached -= size;
      inUse += size;
      peakInUse = Math.max(peakInUse, inUse);
    }
    for (cudaStream_t other : b.handOver(stream)) {
      heap.synchronize(other);
    }
    return b;
  }

  private Block fresh(long size, cudaStream_t stream) {
    synchronized (this) {
      if (reserved + size > limit) {
        return null;
      }
      reserved += size;
    }
    Pointer p = heap.malloc(size);
    synchronized (this) {
      if (p == null) {
        reserved -= size;
        return null;
      }
      inUse += size;
      peakInUse = Math.max(peakInUse, inUse);
    }
    return new Block(p, size, stream);
  }

  /** Lets unreachable storages' cleaners run; false when interrupted. */
  private static boolean collectGarbage(int round) {
    System.gc();
    try {
      Thread.sleep(20L * round);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private synchronized String oomMessage(long bytes, long size) {
    return ByteCounts.oomMessage(bytes, size, inUse, cached, reserved, limit);
  }
}
