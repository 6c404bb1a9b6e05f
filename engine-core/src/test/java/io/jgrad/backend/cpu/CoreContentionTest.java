package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When the team runs on one thread: after a window in which a thread waited for its core while
 * another program kept a core busy, for a pause that doubles, and is extended while that program's
 * load lasts.
 */
class CoreContentionTest {
  private static final long MS = 1_000_000;
  private static final long MIN = CoreContention.MIN_PAUSE_NANOS;
  private static final long MAX = CoreContention.MAX_PAUSE_NANOS;

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
    double[] others = {1.0};
    CoreContention c = new CoreContention(true, now -> others[0]);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertTrue(c.report(0.5, t0));
    assertTrue(c.solo(t0 + MS));
    assertTrue(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS - MS));
    others[0] = 0.0; // the other program has ended
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
    assertFalse(c.report(0.9, t0 + 10 * MS), "a report during a pause does not extend it");
    assertFalse(c.solo(t0 + CoreContention.MIN_PAUSE_NANOS + MS));
  }

  /** Each pause ends in a try at two threads here: the other load looks gone at each end. */
  @Test
  void pausesDoubleWhileContentionLastsUpToTheMaximumAndResetAfterAQuietRun() {
    double[] others = {1.0};
    CoreContention c = new CoreContention(true, now -> others[0]);
    long t0 = System.nanoTime() + CoreContention.WINDOW_NANOS;
    long now = t0;
    long expected = CoreContention.MIN_PAUSE_NANOS;
    for (int i = 0; i < 8; i++) {
      others[0] = 1.0;
      assertTrue(c.report(0.5, now));
      assertTrue(c.solo(now + expected - MS), "pause " + i + " lasts " + expected / MS + " ms");
      others[0] = 0.0;
      assertFalse(c.solo(now + expected + MS), "and no longer");
      now += expected + MS + CoreContention.WINDOW_NANOS; // the try fails a window later
      expected = Math.min(2 * expected, CoreContention.MAX_PAUSE_NANOS);
    }
    others[0] = 1.0;
    now += 2 * CoreContention.MAX_PAUSE_NANOS; // a long run without contention
    assertTrue(c.report(0.5, now));
    others[0] = 0.0;
    assertFalse(c.solo(now + CoreContention.MIN_PAUSE_NANOS + MS), "back to the shortest pause");
  }

  @Test
  void aPauseIsExtendedWhileTheOtherLoadLastsAndEndsWhenItFalls() {
    double[] others = {2.0};
    CoreContention c = new CoreContention(true, now -> others[0]);
    long t = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertTrue(c.report(0.5, t));
    t += MIN + MS;
    others[0] = 2.0 - CoreContention.LOAD_MARGIN_CORES;
    assertTrue(c.solo(t), "the load lasts: extended without a try at two threads");
    assertTrue(c.solo(t + 2 * MIN - MS), "by a doubled pause");
    t += 2 * MIN + MS;
    others[0] =
        1.4; // fell by more than the margin from 2 cores, though still above MIN_OTHER_CORES
    assertFalse(c.solo(t), "the load fell: the pause ends");
    assertFalse(c.solo(t + MAX), "and stays ended until a window is contended again");
  }

  @Test
  void anExtendedPauseStillTriesTwoThreadsEveryFewEnds() {
    CoreContention c = new CoreContention(true, now -> 1.0);
    long t = System.nanoTime() + CoreContention.WINDOW_NANOS;
    assertTrue(c.report(0.5, t));
    long pause = MIN;
    int pauses = 1;
    while (c.solo(t + pause + MS)) {
      t += pause + MS;
      pause = Math.min(2 * pause, MAX);
      pauses++;
      assertTrue(pauses <= CoreContention.MAX_EXTENSIONS, "pause " + pauses + " is one too many");
    }
    assertEquals(CoreContention.MAX_EXTENSIONS, pauses, "pauses before a try at two threads");
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
