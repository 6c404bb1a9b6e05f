package io.jgrad.backend.cpu;

import java.util.function.IntConsumer;

/**
 * Splits loops across a persistent team of worker threads (no per-op thread start-up; the calling
 * thread works too, see {@link Team}). Work is cut into chunks by the caller-given grain,
 * independent of the thread count, and every reduction a kernel does over chunks is summed in chunk
 * order: results are bit-identical for any number of threads.
 *
 * <p>The thread count is {@code -Djgrad.threads=N} (default: available processors) or {@link
 * #setThreads(int)}.
 */
public final class Parallel {
  /** A loop body over {@code [start, end)}. */
  @FunctionalInterface
  public interface RangeBody {
    /** Runs iterations {@code start} (inclusive) to {@code end} (exclusive). */
    void run(int start, int end);
  }

  private static volatile Team team = new Team(defaultThreads(), CoreContention.fromProperties());

  private Parallel() {}

  private static int defaultThreads() {
    String p = System.getProperty("jgrad.threads");
    if (p != null && !p.isBlank()) {
      int n = Integer.parseInt(p.trim());
      if (n < 1) {
        throw new IllegalArgumentException("jgrad.threads must be >= 1, got " + n);
      }
      return n;
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** Number of threads a loop runs on (the workers and the caller). */
  public static int threads() {
    return team.size;
  }

  /** Replaces the team with one of {@code threads} threads (the caller included). */
  public static synchronized void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (threads != team.size) {
      replaceTeam(new Team(threads, CoreContention.fromProperties()));
    }
  }

  /** Puts {@code next} in place of the current team (tests: a team with its own policy). */
  static synchronized void replaceTeam(Team next) {
    Team old = team;
    team = next;
    old.shutdown();
  }

  /** Number of chunks {@link #forChunks} cuts {@code n} iterations into with {@code grain}. */
  public static int chunkCount(int n, int grain) {
    return n <= 0 ? 0 : (n + grain - 1) / Math.max(grain, 1);
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} iterations (the last may be
   * shorter), in parallel when there is more than one chunk and more than one thread.
   */
  public static void forChunks(int n, int grain, RangeBody body) {
    int g = Math.max(grain, 1);
    if (LoopStats.recording()) {
      LoopStats.time(n, g, body);
    } else {
      run(n, g, body);
    }
  }

  /** {@link #forChunks} without the timing, for a grain of at least 1. */
  static void run(int n, int g, RangeBody body) {
    int chunks = chunkCount(n, g);
    Team t = team;
    if (chunks <= 1 || t.size == 1 || !t.tryRun(n, g, chunks, body)) {
      for (int c = 0; c < chunks; c++) {
        body.run(c * g, Math.min(n, (c + 1) * g));
      }
    }
  }

  /** Runs {@code body(i)} for each chunk index {@code i} in {@code [0, chunks)}, in parallel. */
  public static void forEachChunk(int chunks, IntConsumer body) {
    forChunks(
        chunks,
        1,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            body.accept(i);
          }
        });
  }
}
