package io.jgrad.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntToLongFunction;

/**
 * What this machine gives N threads of work that shares nothing but the hardware: N ÷ 1 threads'
 * combined rate for register-only arithmetic (no memory traffic at all), for copying 2 MiB per
 * thread with {@code System.arraycopy} (beyond a core's L2, within a shared last-level cache) and
 * for copying 32 MiB per thread (main memory). They tell whether a low step scaling comes from the
 * cores themselves (time taken by the host, clock), the shared cache or memory bandwidth. Each
 * figure is the median of pairs measured back to back (1 thread alone, then N at once).
 */
final class MachineScaling {
  /** Floats each thread copies from memory: 32 MiB into 32 MiB, beyond any last-level cache. */
  private static final int MEMORY_FLOATS = 8 << 20;

  /** Floats each thread copies in cache: 2 MiB into 2 MiB, beyond a core's L2 of 1-2 MiB. */
  private static final int CACHE_FLOATS = 1 << 19;

  private static final long BURST_NANOS = 300_000_000L;
  private static volatile long sink;

  private MachineScaling() {}

  /** N ÷ 1 threads' combined rate of register-only multiply-adds (median of {@code pairs}). */
  static double registerRatio(int threads, int pairs) {
    return ratio(threads, pairs, t -> registerWork(BURST_NANOS));
  }

  /** N ÷ 1 threads' combined rate of copying 32 MiB each (median of {@code pairs}). */
  static double memoryRatio(int threads, int pairs) {
    return copyRatio(threads, pairs, MEMORY_FLOATS);
  }

  /**
   * N ÷ 1 threads' combined rate of copying 2 MiB each, in the shared last-level cache on a machine
   * with 32 MiB of it (median of {@code pairs}).
   */
  static double cacheRatio(int threads, int pairs) {
    return copyRatio(threads, pairs, CACHE_FLOATS);
  }

  private static double copyRatio(int threads, int pairs, int floats) {
    float[][] from = new float[threads][floats];
    float[][] to = new float[threads][floats];
    for (int t = 0; t < threads; t++) {
      Arrays.fill(from[t], 1f); // touch every page before timing
      Arrays.fill(to[t], 0f);
    }
    return ratio(threads, pairs, t -> copyWork(from[t], to[t], BURST_NANOS));
  }

  private static double ratio(int threads, int pairs, IntToLongFunction work) {
    work.applyAsLong(0); // compile before timing
    List<Double> ratios = new ArrayList<>();
    for (int k = 0; k < pairs; k++) {
      long alone = work.applyAsLong(0);
      AtomicLongArray together = new AtomicLongArray(threads);
      List<Thread> others = new ArrayList<>();
      for (int t = 1; t < threads; t++) {
        int index = t;
        Thread th = new Thread(() -> together.set(index, work.applyAsLong(index)));
        others.add(th);
        th.start();
      }
      together.set(0, work.applyAsLong(0));
      others.forEach(MachineScaling::join);
      long sum = 0;
      for (int t = 0; t < threads; t++) {
        sum += together.get(t);
      }
      ratios.add(sum / (double) alone);
    }
    return StepBreakdown.median(ratios);
  }

  /** Rounds of multiply-adds on eight independent chains in registers for {@code nanos}. */
  private static long registerWork(long nanos) {
    double a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1;
    long rounds = 0;
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        a0 = a0 * 0.9999999 + 1e-9;
        a1 = a1 * 0.9999999 + 1e-9;
        a2 = a2 * 0.9999999 + 1e-9;
        a3 = a3 * 0.9999999 + 1e-9;
        a4 = a4 * 0.9999999 + 1e-9;
        a5 = a5 * 0.9999999 + 1e-9;
        a6 = a6 * 0.9999999 + 1e-9;
        a7 = a7 * 0.9999999 + 1e-9;
      }
      rounds++;
    }
    sink = Double.doubleToLongBits(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    return rounds;
  }

  /** Copies of {@code from} into {@code to} done in {@code nanos}. */
  private static long copyWork(float[] from, float[] to, long nanos) {
    long copies = 0;
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      System.arraycopy(from, 0, to, 0, from.length);
      copies++;
    }
    return copies;
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MachineScaling: interrupted", e);
    }
  }
}
