package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loop timing for benchmarks: only while recording, once per outer loop with its kernel, shape and
 * thread count, never for loops started inside a chunk, and without changing what the loop runs.
 */
class LoopStatsTest {
  private int before;

  @BeforeEach
  void twoThreads() {
    before = Parallel.threads();
    Parallel.replaceTeam(new Team(2, new CoreContention(false, now -> Double.NaN)));
    LoopStats.reset();
  }

  @AfterEach
  void restore() {
    LoopStats.stop();
    LoopStats.reset();
    Parallel.setThreads(before);
  }

  @Test
  void recordsOuterLoopsOnlyWhileRecording() {
    AtomicInteger outer = new AtomicInteger();
    AtomicInteger inner = new AtomicInteger();
    Parallel.RangeBody body =
        (s, e) -> {
          outer.addAndGet(e - s);
          for (int i = s; i < e; i++) {
            Parallel.forChunks(7, 1, (a, b) -> inner.addAndGet(b - a));
          }
        };
    Parallel.forChunks(100, 10, body); // before start: not recorded
    LoopStats.start();
    Parallel.forChunks(100, 10, body);
    Parallel.forChunks(100, 10, body);
    LoopStats.stop();
    Parallel.forChunks(100, 10, body); // after stop: not recorded

    assertEquals(400, outer.get(), "every loop ran all its iterations");
    assertEquals(400 * 7, inner.get(), "every nested loop ran all its iterations");
    List<LoopStats.Entry> entries = LoopStats.snapshot();
    assertEquals(1, entries.size(), "one entry: nested loops are part of the outer loop's time");
    LoopStats.Entry e = entries.get(0);
    assertEquals("LoopStatsTest", e.kernel());
    assertEquals(100, e.iterations());
    assertEquals(10, e.grain());
    assertEquals(2, e.threads());
    assertEquals(2, e.calls());
    assertTrue(e.nanos() > 0 && e.micros() > 0, "time recorded: " + e);

    LoopStats.reset();
    assertTrue(LoopStats.snapshot().isEmpty(), "reset forgets everything");
  }

  @Test
  void separatesThreadCountsAndShapes() {
    LoopStats.start();
    Parallel.forChunks(64, 8, (s, e) -> {});
    Parallel.setThreads(1);
    Parallel.forChunks(64, 8, (s, e) -> {});
    Parallel.forChunks(64, 16, (s, e) -> {});
    LoopStats.stop();
    List<LoopStats.Entry> entries = LoopStats.snapshot();
    assertEquals(3, entries.size(), entries.toString());
    assertTrue(
        entries.stream().anyMatch(x -> x.threads() == 2 && x.grain() == 8 && x.calls() == 1));
    assertTrue(
        entries.stream().anyMatch(x -> x.threads() == 1 && x.grain() == 8 && x.calls() == 1));
    assertTrue(
        entries.stream().anyMatch(x -> x.threads() == 1 && x.grain() == 16 && x.calls() == 1));
  }

  @Test
  void namesTheKernelThatWroteTheBody() {
    assertEquals("DirectConv", LoopStats.kernelName(DirectConv.class));
    Parallel.RangeBody lambda = (s, e) -> {};
    assertEquals("LoopStatsTest", LoopStats.kernelName(lambda.getClass()));
  }
}
