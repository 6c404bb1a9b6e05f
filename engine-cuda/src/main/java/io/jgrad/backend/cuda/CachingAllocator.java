package io.jgrad.backend.cuda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;

/**
 * Pools device memory so a training step reuses the blocks the previous step freed instead of
 * calling {@code cudaMalloc}/{@code cudaFree} (which synchronize the device). Requests are rounded
 * to {@link SizeClasses}; freed blocks wait in one free list per class. Each block remembers the
 * stream that last used it: handing it to another stream first waits for that one.
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

  /** A block of device memory. */
  public static final class Block {
    private final Pointer pointer;
    private final long bytes;
    private volatile cudaStream_t stream;

    Block(Pointer pointer, long bytes, cudaStream_t stream) {
      this.pointer = pointer;
      this.bytes = bytes;
      this.stream = stream;
    }

    /** The device address. */
    public Pointer pointer() {
      return pointer;
    }

    /** The size class in bytes (0 for the empty block). */
    public long bytes() {
      return bytes;
    }

    /** The stream that last used the block (null for none). */
    public cudaStream_t stream() {
      return stream;
    }

    /** Records the stream that now uses the block. */
    public void useOn(cudaStream_t s) {
      stream = s;
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
      cached += b.bytes;
      free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
    }
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
    cudaStream_t last = b.stream;
    if (last != null && last != stream) {
      heap.synchronize(last);
    }
    b.stream = stream;
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
    return "cuda: out of memory: cannot allocate "
        + human(bytes)
        + " ("
        + bytes
        + " bytes, block of "
        + size
        + "); "
        + human(inUse)
        + " in use by live tensors, "
        + human(cached)
        + " cached, "
        + human(reserved)
        + " reserved of a limit of "
        + human(limit)
        + " (-D"
        + MAX_BYTES_PROPERTY
        + "="
        + limit
        + "). Close tensors that are"
        + " no longer needed, lower the batch size, or raise the limit.";
  }

  /** {@code bytes} as B, KiB, MiB or GiB with one decimal. */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /**
   * Parses a byte count with an optional binary suffix: {@code 123}, {@code 512k}, {@code 6g}.
   *
   * @throws IllegalArgumentException naming the property for malformed or non-positive values
   */
  public static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long scale = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      int shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : last == 't' ? 40 : 0;
      if (shift > 0) {
        scale = 1L << shift;
        t = t.substring(0, t.length() - 1).trim();
      }
    }
    try {
      long v = Math.multiplyExact(Long.parseLong(t), scale);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "-D"
            + MAX_BYTES_PROPERTY
            + " must be a positive byte count such as 4294967296, 4096m"
            + " or 4g, got '"
            + text
            + "'");
  }
}
