package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker team behind every parallel kernel: each chunk runs exactly once with the documented
 * bounds, failures reach the caller, nested loops and concurrent callers run correctly, and the
 * team can be resized.
 */
class ParallelTest {
  private int before;

  @BeforeEach
  void twoThreads() {
    before = Parallel.threads();
    // a team that never backs off, so that the worker takes part on a loaded machine too
    Parallel.replaceTeam(new Team(2, new CoreContention(false, now -> Double.NaN)));
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(before);
  }

  @Test
  void everyChunkRunsOnceWithItsBounds() {
    for (int threads : new int[] {2, 3, 4}) {
      Parallel.setThreads(threads);
      everyChunkOnce();
    }
  }

  /** Each thread starts in its own home segment: the caller at chunk 0, the worker at the half. */
  @Test
  void eachThreadStartsInItsHomeSegment() {
    Thread caller = Thread.currentThread();
    int chunks = 40;
    Thread[] ranBy = new Thread[chunks];
    Parallel.forChunks(
        chunks,
        1,
        (s, e) -> {
          ranBy[s] = Thread.currentThread();
          // slow chunks, so that the worker is awake long before the caller could reach its half
          LockSupport.parkNanos(2_000_000);
        });
    assertSame(caller, ranBy[0], "the caller's home segment is the first half");
    assertTrue(
        ranBy[chunks / 2] != caller, "a worker starts the second half: " + ranBy[chunks / 2]);
  }

  private static void everyChunkOnce() {
    for (int n : new int[] {1, 7, 64, 1000, 12345}) {
      for (int grain : new int[] {1, 3, 64, 5000}) {
        int[] hits = new int[n];
        AtomicInteger chunks = new AtomicInteger();
        Parallel.forChunks(
            n,
            grain,
            (s, e) -> {
              assertEquals(0, s % grain, "a chunk starts at a multiple of the grain");
              assertEquals(Math.min(n, s + grain), e, "and covers one grain");
              chunks.incrementAndGet();
              for (int i = s; i < e; i++) {
                hits[i]++;
              }
            });
        int[] once = new int[n];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, hits, "n=" + n + " grain=" + grain);
        assertEquals(Parallel.chunkCount(n, grain), chunks.get());
      }
    }
    Parallel.forChunks(0, 4, (s, e) -> assertTrue(false, "no iterations, no chunks"));
  }

  @Test
  void theCallerAndAWorkerBothTakeChunks() {
    Thread caller = Thread.currentThread();
    java.util.Set<Thread> seen = threadsOfALoopThatWaitsForTwo();
    assertTrue(seen.contains(caller), "the caller works too: " + seen);
    assertEquals(2, seen.size(), "the caller and one worker: " + seen);
  }

  @Test
  void aFailingChunkFailsTheCallAndTheTeamKeepsWorking() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Parallel.forChunks(
                    100,
                    1,
                    (s, x) -> {
                      if (s == 57) {
                        throw new IllegalArgumentException("chunk 57");
                      }
                    }));
    assertEquals("chunk 57", e.getMessage());
    AtomicInteger sum = new AtomicInteger();
    Parallel.forChunks(100, 1, (s, x) -> sum.addAndGet(s));
    assertEquals(4950, sum.get());
  }

  @Test
  void nestedLoopsRunInsideTheirChunk() {
    AtomicInteger inner = new AtomicInteger();
    Parallel.forChunks(8, 1, (s, e) -> Parallel.forChunks(10, 2, (a, b) -> inner.addAndGet(b - a)));
    assertEquals(80, inner.get());
  }

  @Test
  void concurrentCallersFromTwoThreadsBothFinishCorrectly() throws Exception {
    int rounds = 300;
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable job =
        () -> {
          try {
            start.await();
            for (int r = 0; r < rounds; r++) {
              long[] sums = new long[16];
              Parallel.forChunks(
                  16_000,
                  1000,
                  (s, e) -> {
                    for (int i = s; i < e; i++) {
                      sums[s / 1000] += i;
                    }
                  });
              long total = 0;
              for (long v : sums) {
                total += v;
              }
              assertEquals(16_000L * 15_999 / 2, total);
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        };
    Thread a = new Thread(job);
    Thread b = new Thread(job);
    a.start();
    b.start();
    start.countDown();
    a.join();
    b.join();
    if (failure.get() != null) {
      throw new AssertionError("a concurrent caller failed", failure.get());
    }
  }

  /** While the policy pauses the team, the caller runs every chunk; afterwards both threads do. */
  @Test
  void aPausedTeamRunsLoopsOnTheCallerAndResumesAfterThePause() {
    double[] otherCores = {1.0};
    CoreContention contention = new CoreContention(true, now -> otherCores[0]);
    Parallel.replaceTeam(new Team(2, contention));
    Thread caller = Thread.currentThread();
    long now = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertTrue(contention.report(0.9, now), "a contended window pauses the team");
    java.util.Set<Thread> seen = ConcurrentHashMap.newKeySet();
    Parallel.forChunks(64, 1, (s, e) -> seen.add(Thread.currentThread()));
    assertEquals(java.util.Set.of(caller), seen, "paused: the caller alone");
    otherCores[0] = 0.0; // the other program ends, so the pause is not extended
    while (contention.solo(System.nanoTime())) {
      LockSupport.parkNanos(10_000_000);
    }
    java.util.Set<Thread> after = threadsOfALoopThatWaitsForTwo();
    assertEquals(2, after.size(), "after the pause the worker takes chunks again: " + after);
  }

  /**
   * The threads that ran a 64-chunk loop whose chunks each wait (at most a minute, a hang guard)
   * until two threads have run one.
   */
  private static java.util.Set<Thread> threadsOfALoopThatWaitsForTwo() {
    java.util.Set<Thread> seen = ConcurrentHashMap.newKeySet();
    long deadline = System.nanoTime() + 60_000_000_000L;
    Parallel.forChunks(
        64,
        1,
        (s, e) -> {
          seen.add(Thread.currentThread());
          while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
        });
    return seen;
  }

  @Test
  void resizingReplacesTheTeam() {
    Parallel.setThreads(3);
    assertEquals(3, Parallel.threads());
    AtomicInteger sum = new AtomicInteger();
    Parallel.forChunks(30, 1, (s, e) -> sum.addAndGet(s));
    assertEquals(435, sum.get());
    Parallel.setThreads(1);
    Thread[] runner = new Thread[1];
    Parallel.forChunks(4, 1, (s, e) -> runner[0] = Thread.currentThread());
    assertSame(Thread.currentThread(), runner[0], "one thread: the caller runs everything");
    assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
  }
}
