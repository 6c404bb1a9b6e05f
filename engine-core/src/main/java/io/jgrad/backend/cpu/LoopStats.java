package io.jgrad.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time of every parallel loop ({@link Parallel#forChunks}) while recording is on, summed by
 * kernel, loop shape and thread count: what a benchmark needs to say which loops a second thread
 * speeds up and which it does not ({@code benchmarks}' {@code LoopScaling}). Off by default; then a
 * loop pays one volatile read. A loop started inside another loop's chunk is part of that loop's
 * time and is not counted again.
 */
public final class LoopStats {
  /** One kernel's loops of one shape at one thread count: how many ran, and their time in all. */
  public record Entry(
      String kernel, int iterations, int grain, int threads, long calls, long nanos) {
    /** Mean wall time of one loop, in microseconds. */
    public double micros() {
      return calls == 0 ? 0 : nanos / 1e3 / calls;
    }
  }

  private record Key(String kernel, int iterations, int grain, int threads) {}

  private static final Map<Key, LongAdder[]> TOTALS = new ConcurrentHashMap<>();
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private static volatile boolean recording;

  private LoopStats() {}

  /** Starts (or resumes) recording. */
  public static void start() {
    recording = true;
  }

  /** Stops recording; what was recorded stays until {@link #reset()}. */
  public static void stop() {
    recording = false;
  }

  /** Forgets everything recorded. */
  public static void reset() {
    TOTALS.clear();
  }

  /** What was recorded so far, one entry per kernel, loop shape and thread count. */
  public static List<Entry> snapshot() {
    List<Entry> out = new ArrayList<>();
    TOTALS.forEach(
        (k, v) ->
            out.add(
                new Entry(
                    k.kernel(), k.iterations(), k.grain(), k.threads(), v[0].sum(), v[1].sum())));
    return out;
  }

  /** Whether loops are being timed. */
  static boolean recording() {
    return recording;
  }

  /**
   * Runs the loop and adds its wall time, unless it was started inside another loop's chunk (on a
   * worker, or on the caller while it runs a chunk).
   */
  static void time(int n, int grain, Parallel.RangeBody body) {
    int[] depth = DEPTH.get();
    if (depth[0] > 0 || Team.isWorker(Thread.currentThread())) {
      Parallel.run(n, grain, body);
      return;
    }
    int threads = Parallel.threads();
    depth[0]++;
    long start = System.nanoTime();
    try {
      Parallel.run(n, grain, body);
    } finally {
      depth[0]--;
      long nanos = System.nanoTime() - start;
      Key key = new Key(kernelName(body.getClass()), n, grain, threads);
      LongAdder[] t =
          TOTALS.computeIfAbsent(key, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
      t[0].increment();
      t[1].add(nanos);
    }
  }

  /**
   * The class that wrote a loop body: {@code DirectConv} for {@code DirectConv$$Lambda$12/0x..}.
   */
  static String kernelName(Class<?> body) {
    String name = body.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      name = name.substring(0, lambda);
    }
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
