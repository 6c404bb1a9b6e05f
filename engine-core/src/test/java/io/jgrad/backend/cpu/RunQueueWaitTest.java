package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The run-queue delay of the calling thread, where Linux reports it. */
class RunQueueWaitTest {
  @Test
  void unavailableMeansMinusOne() {
    if (!RunQueueWait.AVAILABLE) {
      assertEquals(-1, RunQueueWait.nanos());
    } else {
      assertTrue(RunQueueWait.nanos() >= 0);
    }
  }

  /** More spinning threads than cores: the caller must queue for a CPU, and the figure shows it. */
  @Test
  void aThreadThatSharesItsCoreWaits() throws InterruptedException {
    assumeTrue(RunQueueWait.AVAILABLE, "no /proc/thread-self/schedstat here");
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) {
      Thread t = new Thread(() -> spin(stop), "spinner-" + i);
      t.setDaemon(true);
      t.start();
      spinners.add(t);
    }
    try {
      RunQueueWait.Window w = new RunQueueWait.Window(300_000_000L);
      long start = System.nanoTime();
      w.restart(start);
      long before = RunQueueWait.nanos();
      double share = Double.NaN;
      while (Double.isNaN(share)) {
        spinFor(1_000_000);
        share = w.poll(System.nanoTime());
      }
      assertTrue(RunQueueWait.nanos() >= before, "the total never decreases");
      assertTrue(System.nanoTime() - start >= 300_000_000L, "a window is at least its length");
      assertTrue(share > 0.01 && share <= 1.01, "waited a share of the window: " + share);
    } finally {
      stop.set(true);
      for (Thread t : spinners) {
        t.join();
      }
    }
  }

  @Test
  void aWindowPolledByAnotherThreadStartsAgain() throws InterruptedException {
    assumeTrue(RunQueueWait.AVAILABLE, "no /proc/thread-self/schedstat here");
    RunQueueWait.Window w = new RunQueueWait.Window(0);
    long now = System.nanoTime();
    w.restart(now);
    double[] seen = new double[1];
    Thread other = new Thread(() -> seen[0] = w.poll(System.nanoTime() + 1_000_000_000L));
    other.start();
    other.join();
    assertTrue(Double.isNaN(seen[0]), "another thread's delays are not this window's");
  }

  private static void spin(AtomicBoolean stop) {
    while (!stop.get()) {
      spinFor(100_000);
    }
  }

  private static void spinFor(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
