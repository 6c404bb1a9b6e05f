package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When the team runs on one thread: after a window in which a thread waited for its core while
 * another program kept a core busy, for a pause that doubles.
 */
class CoreContentionTest {
  private static final long MS = 1_000_000;

  @Test
  void aQuietWindowOrNoWindowChangesNothing() {
    CoreContention c = new CoreContention(true, now -> 1.0);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertFalse(c.report(Double.NaN, t0), "no full window yet");
    assertFalse(c.report(0.05, t0));
    assertFalse(c.report(CoreContention.MAX_WAIT_SHARE, t0), "the limit itself is allowed");
    assertFalse(c.solo(t0 + MS));
  }

  @Test
  void aContendedWindowPausesTheTeamForTheShortestPause() {
    CoreContention c = new CoreContention(true, now -> 1.0);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertTrue(c.report(0.5, t0));
    assertTrue(c.solo(t0 + MS));
    assertTrue(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS - MS));
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
    assertFalse(c.report(0.9, t0 + 10 * MS), "a report during a pause does not extend it");
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
  }

  @Test
  void pausesDoubleWhileContentionLastsUpToTheMaximumAndResetAfterAQuietRun() {
    CoreContention c = new CoreContention(true, now -> 1.0);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    long now = t0;
    long expected = CoreContention.MIN_PAUSE_NANOS;
    for (int i = 0; i < 8; i++) {
      assertTrue(c.report(0.5, now));
      assertTrue(c.solo(now + expected - MS), "pause " + i + " lasts " + expected / MS + " ms");
      assertFalse(c.solo(now + expected + MS), "and no longer");
      now += expected + CoreContention.WINDOW_NANOS; // the next try fails one window later
      expected = Math.min(2 * expected, CoreContention.MAX_PAUSE_NANOS);
    }
    now += 2 * CoreContention.MAX_PAUSE_NANOS; // a long run without contention
    assertTrue(c.report(0.5, now));
    assertFalse(c.solo(now + CoreContention.MIN_PAUSE_NANOS + MS), "back to the shortest pause");
  }

  /** Waits this process causes itself (its JIT, its loader, its own threads) are no reason. */
  @Test
  void waitingWithoutAnotherProgramsLoadDoesNotPause() {
    CoreContention c = new CoreContention(true, now -> 0.1);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertFalse(c.report(0.9, t0));
    assertFalse(c.solo(t0 + MS));
    CoreContention unknown = new CoreContention(true, now -> Double.NaN);
    assertFalse(unknown.report(0.9, t0), "no figure for other processes: no pause");
  }

  @Test
  void aDisabledPolicyNeverPauses() {
    CoreContention c = new CoreContention(false, now -> 1.0);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertFalse(c.enabled());
    assertFalse(c.report(1.0, t0));
    assertFalse(c.solo(t0 + MS));
  }
}
