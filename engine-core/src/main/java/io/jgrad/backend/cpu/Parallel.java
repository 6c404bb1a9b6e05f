package io.jgrad.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits loops across a persistent pool of worker threads (no per-op thread start-up). Work is
 * cut into chunks by the caller-given grain, independent of the thread count, and every
 * reduction a kernel does over chunks is summed in chunk order: results are bit-identical for
 * any number of threads.
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

  private static volatile ForkJoinPool pool = newPool(defaultThreads());

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

  private static ForkJoinPool newPool(int threads) {
    return new ForkJoinPool(
        threads,
        p -> {
          var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
          t.setName("jgrad-cpu-" + t.getPoolIndex());
          t.setDaemon(true);
          return t;
        },
        null,
        false);
  }

  /** Number of worker threads. */
  public static int threads() {
    return pool.getParallelism();
  }

  /** Replaces the pool with one of {@code threads} workers. */
  public static synchronized void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (threads != pool.getParallelism()) {
      ForkJoinPool old = pool;
      pool = newPool(threads);
      old.shutdown();
    }
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
    int chunks = chunkCount(n, g);
    if (chunks <= 1 || pool.getParallelism() == 1 || ForkJoinTask.inForkJoinPool()) {
      for (int c = 0; c < chunks; c++) {
        body.run(c * g, Math.min(n, (c + 1) * g));
      }
      return;
    }
    pool.invoke(new Chunks(body, n, g, 0, chunks));
  }

  /** Runs {@code body(i)} for each chunk index {@code i} in {@code [0, chunks)}, in parallel. */
  public static void forEachChunk(int chunks, java.util.function.IntConsumer body) {
    forChunks(chunks, 1, (s, e) -> {
      for (int i = s; i < e; i++) {
        body.accept(i);
      }
    });
  }

  private static final class Chunks extends RecursiveAction {
    private final RangeBody body;
    private final int n;
    private final int grain;
    private final int from;
    private final int to;

    Chunks(RangeBody body, int n, int grain, int from, int to) {
      this.body = body;
      this.n = n;
      this.grain = grain;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        body.run(from * grain, Math.min(n, (from + 1) * grain));
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Chunks(body, n, grain, from, mid), new Chunks(body, n, grain, mid, to));
    }
  }
}
