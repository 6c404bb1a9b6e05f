package io.jgrad.backend.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles the float arrays of closed storages, so a training step reuses the buffers the previous
 * step's backward pass freed (still warm in cache, no zero-filling) instead of allocating new ones.
 *
 * <p>Arrays are kept by exact length: a network allocates the same few sizes every step, and a
 * kernel's output must have exactly its element count. Arrays shorter than {@link #MIN_FLOATS} are
 * not pooled (a thread-local allocation is cheaper than the lock), and the pool holds at most
 * {@code capFloats} floats in total; beyond that, returned arrays are left to the garbage
 * collector. The most recently returned array of a size is handed out first (it is the warmest).
 *
 * <p>Arrays a kernel allocated itself and handed over ({@code CpuBackend.adopt}) come back without
 * ever having been taken, so a training loop would pile them up step after step. The pool therefore
 * keeps, per size, at most as many free arrays as were ever out at once plus {@link #SPARE}: more
 * could never all be asked for again.
 */
final class ArrayPool {
  /** Shortest array worth pooling. */
  static final int MIN_FLOATS = 4096;

  /** Free arrays kept per size beyond the most that were ever taken and not yet returned. */
  static final int SPARE = 4;

  private final long capFloats;
  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

  /** Per size: {arrays taken and not yet returned, the most of them ever at once}. */
  private final Map<Integer, int[]> demand = new HashMap<>();

  private long pooledFloats;
  private long missedFloats;

  /** A pool holding at most {@code capFloats} floats. */
  ArrayPool(long capFloats) {
    this.capFloats = Math.max(0, capFloats);
  }

  /**
   * The default capacity: {@code -Djgrad.cpu.poolMb} megabytes, or an eighth of the maximum heap
   * (at most 1 GiB).
   */
  static long defaultCapFloats() {
    String mb = System.getProperty("jgrad.cpu.poolMb");
    if (mb != null && !mb.isBlank()) {
      long v = Long.parseLong(mb.trim());
      if (v < 0) {
        throw new IllegalArgumentException("jgrad.cpu.poolMb must be >= 0, got " + v);
      }
      return v * (1 << 20) / Float.BYTES;
    }
    long bytes = Math.min(Runtime.getRuntime().maxMemory() / 8, 1L << 30);
    return bytes / Float.BYTES;
  }

  /** A pooled array of exactly {@code size} floats with unspecified contents, or null. */
  synchronized float[] take(int size) {
    if (size < MIN_FLOATS) {
      return null;
    }
    int[] d = demand.computeIfAbsent(size, k -> new int[2]);
    d[0]++;
    d[1] = Math.max(d[1], d[0]);
    ArrayDeque<float[]> q = free.get(size);
    float[] a = q == null ? null : q.pollFirst();
    if (a != null) {
      pooledFloats -= a.length;
    } else {
      missedFloats += size;
    }
    return a;
  }

  /** Hands {@code a} back for reuse; the caller must not touch it afterwards. */
  synchronized void give(float[] a) {
    if (a.length < MIN_FLOATS) {
      return;
    }
    int[] d = demand.get(a.length);
    if (d != null && d[0] > 0) {
      d[0]--;
    }
    ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
    int keep = SPARE + (d == null ? 0 : d[1]);
    if (q.size() >= keep || pooledFloats + a.length > capFloats) {
      return;
    }
    q.addFirst(a);
    pooledFloats += a.length;
  }

  /** Floats currently held. */
  synchronized long pooledFloats() {
    return pooledFloats;
  }

  /** Floats requested (in poolable sizes) that the pool could not supply. */
  synchronized long missedFloats() {
    return missedFloats;
  }

  /** Drops every pooled array. */
  synchronized void clear() {
    free.clear();
    pooledFloats = 0;
  }
}
