package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.testing.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The harness of the kernel fuzz tests: runs seeded trials of the CPU kernels against the reference
 * under several thread counts, and reruns every trial on one thread to prove that the multi-thread
 * results are bit for bit the one-thread results.
 *
 * <p>A trial passes every CPU result it checks through {@link #close} or {@link #exact}, which
 * compare it with the reference and record its bits. Trials run in groups: each trial of a group
 * runs on {@code n > 1} threads, then the team is set to one thread and each trial runs again from
 * its own seed, and its recorded results must be the same bits as on {@code n} threads (the thread
 * count changes twice per group rather than twice per trial). During that rerun the trial's {@link
 * #oracle} is a second CPU backend instead of the double-precision reference: the multi-thread
 * results have just been checked against the reference, and the one-thread results are the same
 * bits, so running the slow reference again would prove nothing more. A failure names the family,
 * the trial, the base seed, the trial's seed, the thread count and the configuration.
 */
final class ThreadFuzz {
  /** Multi-thread counts the trials are spread over (blocks of trials per count). */
  static final int[] THREADS = {3, 2, 5, 4};

  /** Trials run between two changes of the thread count. */
  private static final int GROUP = 32;

  /** One randomized trial; returns nothing, fails by throwing. */
  interface Trial {
    void run(SplittableRandom rnd, StringBuilder config);
  }

  private final long baseSeed;
  private final RefBackend ref = new RefBackend();
  private final CpuBackend shadow = new CpuBackend();
  private boolean rerun;
  private List<String> names = new ArrayList<>();
  private List<float[]> results = new ArrayList<>();

  /** A harness drawing each family's trial seeds from {@code baseSeed}. */
  ThreadFuzz(long baseSeed) {
    this.baseSeed = baseSeed;
  }

  /**
   * Runs {@code count} trials of {@code family}, in blocks per thread count of {@link #THREADS},
   * each also on one thread, bit for bit.
   */
  void run(String family, int count, Trial trial) {
    SplittableRandom master = new SplittableRandom(baseSeed ^ family.hashCode());
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = master.nextLong();
    }
    int before = Parallel.threads();
    try {
      for (int start = 0; start < count; ) {
        int threads = THREADS[start * THREADS.length / count];
        int end = start;
        while (end < count
            && end - start < GROUP
            && THREADS[end * THREADS.length / count] == threads) {
          end++;
        }
        List<List<String>> groupNames = new ArrayList<>();
        List<List<float[]>> groupResults = new ArrayList<>();
        Parallel.setThreads(threads);
        for (int i = start; i < end; i++) {
          runOne(family, i, seeds[i], threads, trial);
          groupNames.add(names);
          groupResults.add(results);
        }
        Parallel.setThreads(1);
        rerun = true;
        for (int i = start; i < end; i++) {
          String config = runOne(family, i, seeds[i], 1, trial);
          String where =
              String.format(
                  "%s trial %d (base seed %d, trial seed %d) on %s: %d threads vs 1 thread",
                  family, i, baseSeed, seeds[i], config, threads);
          assertEquals(groupNames.get(i - start), names, where + ": the results checked");
          for (int r = 0; r < names.size(); r++) {
            assertSameBits(
                where + ", " + names.get(r), groupResults.get(i - start).get(r), results.get(r));
          }
        }
        rerun = false;
        start = end;
      }
    } finally {
      rerun = false;
      Parallel.setThreads(before);
    }
  }

  /** What trials compare the CPU results with: the reference, or a CPU backend in the rerun. */
  Backend oracle() {
    return rerun ? shadow : ref;
  }

  /** {@code x} as a buffer of {@link #oracle} (widened to double on the reference). */
  Storage oracleOf(float[] x) {
    return rerun ? shadow.wrap(x.clone()) : ref.wrap(Tolerances.toDoubles(x));
  }

  /** Runs one trial on the current team, recording its results; returns its configuration. */
  private String runOne(String family, int i, long seed, int threads, Trial trial) {
    names = new ArrayList<>();
    results = new ArrayList<>();
    StringBuilder config = new StringBuilder();
    try {
      trial.run(new SplittableRandom(seed), config);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          String.format(
              "%s trial %d failed (base seed %d, trial seed %d, %d threads) on %s: %s",
              family, i, baseSeed, seed, threads, config, e),
          e);
    }
    return config.toString();
  }

  /**
   * Asserts {@code actual} (CPU) is within {@code atol = 1e-5 * max(scale, max|expected|) + 1e-6},
   * {@code rtol = 1e-4} of {@code expected} (reference), and records it.
   */
  void close(String what, Storage expected, Storage actual, double scale) {
    double[] e = KernelPair.values(expected);
    double atol = 1e-5 * Math.max(scale, KernelPair.maxAbs(e)) + 1e-6;
    Tolerances.assertClose(what, e, record(what, actual), atol, 1e-4);
  }

  /** Asserts {@code actual} (CPU) equals {@code expected} exactly, and records it. */
  void exact(String what, Storage expected, Storage actual) {
    double[] e = KernelPair.values(expected);
    double[] a = record(what, actual);
    assertEquals(e.length, a.length, what + ": size");
    for (int i = 0; i < e.length; i++) {
      if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
      }
    }
  }

  /** Records a CPU result for the one-thread comparison without checking it. */
  void record(String what, float[] cpu) {
    names.add(what);
    results.add(cpu.clone());
  }

  private double[] record(String what, Storage cpu) {
    float[] f = cpu.backend().memory().toFloats(cpu);
    record(what, f);
    return Tolerances.toDoubles(f);
  }

  /** Asserts two float arrays hold the same bits (NaN payloads and signed zeros included). */
  static void assertSameBits(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError(
            String.format(
                "%s: element %d is %s (bits %08x), expected %s (bits %08x)",
                what,
                i,
                actual[i],
                Float.floatToRawIntBits(actual[i]),
                expected[i],
                Float.floatToRawIntBits(expected[i])));
      }
    }
  }
}
