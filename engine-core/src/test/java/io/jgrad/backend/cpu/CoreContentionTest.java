package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the team runs on one thread: after a contended window, for a pause that doubles. */
class CoreContentionTest {
  private static final long MS = 1_000_000;

  @Test
  void aQuietWindowOrNoWindowChangesNothing() {
    CoreContention c = new CoreContention(true);
    long t0 = System.nanoTime();
    assertFalse(c.report(Double.NaN, t0), "no full window yet");
    assertFalse(c.report(0.05, t0));
    assertFalse(c.report(CoreContention.MAX_WAIT_SHARE, t0), "the limit itself is allowed");
    assertFalse(c.solo(t0 + MS));
  }

  @Test
  void aContendedWindowPausesTheTeamForTheShortestPause() {
    CoreContention c = new CoreContention(true);
    long t0 = System.nanoTime();
    assertTrue(c.report(0.5, t0));
    assertTrue(c.solo(t0 + MS));
    assertTrue(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS - MS));
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
    assertFalse(c.report(0.9, t0 + 10 * MS), "a report during a pause does not extend it");
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
  }

  @Test
  void pausesDoubleWhileContentionLastsUpToTheMaximumAndResetAfterAQuietRun() {
    CoreContention c = new CoreContention(true);
    long t0 = System.nanoTime();
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

  @Test
  void aDisabledPolicyNeverPauses() {
    CoreContention c = new CoreContention(false);
    long t0 = System.nanoTime();
    assertFalse(c.enabled());
    assertFalse(c.report(1.0, t0));
    assertFalse(c.solo(t0 + MS));
  }
}
