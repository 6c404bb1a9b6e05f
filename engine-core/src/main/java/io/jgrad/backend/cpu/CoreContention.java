package io.jgrad.backend.cpu;

import java.util.Locale;
import java.util.function.LongToDoubleFunction;

/**
 * When a {@link Team} should step back to one thread because another program has taken a core.
 *
 * <p>The caller and every worker report, once per window of {@link #WINDOW_NANOS}, the share of
 * that time they waited for a CPU while ready to run ({@link RunQueueWait}). A share above {@link
 * #MAX_WAIT_SHARE} while other processes kept more than {@link #MIN_OTHER_CORES} of a core busy
 * ({@link OtherLoad}) means a core is shared with another program, and then two threads lose to
 * one: every loop ends waiting for a chunk whose thread is off its core for a whole time slice.
 * Waits this process causes itself (its JIT compiler early in a run, its data loader) do not count:
 * two threads still win then. The team runs its loops on the caller alone for a while and tries
 * again, the pause doubling while the contention lasts (from {@link #MIN_PAUSE_NANOS} up to {@link
 * #MAX_PAUSE_NANOS}). Which thread runs a chunk never changes results.
 *
 * <p>{@code -Djgrad.team.backoff=false}, or a platform without these figures (only Linux has them),
 * keeps every thread working whatever the load.
 */
final class CoreContention {
  private static final System.Logger LOG = System.getLogger(CoreContention.class.getName());
  static final long WINDOW_NANOS = 100_000_000;
  static final double MAX_WAIT_SHARE = 0.3;
  static final double MIN_OTHER_CORES = 0.5;
  static final long MIN_PAUSE_NANOS = 200_000_000;
  static final long MAX_PAUSE_NANOS = 3_200_000_000L;

  private final boolean enabled;
  private final LongToDoubleFunction otherCores;
  private long otherSince = System.nanoTime();
  private double lastOtherCores = Double.NaN;
  private volatile long soloUntil = System.nanoTime();
  private long pause = MIN_PAUSE_NANOS;
  private boolean paused;

  /**
   * A policy that pauses on reports when {@code enabled}, and never otherwise; {@code otherCores}
   * gives the cores other processes used since its previous call ({@link OtherLoad#sinceLast}).
   */
  CoreContention(boolean enabled, LongToDoubleFunction otherCores) {
    this.enabled = enabled;
    this.otherCores = otherCores;
  }

  /** The policy the system properties ask for, enabled where run-queue figures exist. */
  static CoreContention fromProperties() {
    boolean on =
        RunQueueWait.AVAILABLE
            && OtherLoad.AVAILABLE
            && !"false".equals(System.getProperty("jgrad.team.backoff"));
    return new CoreContention(on, on ? new OtherLoad()::sinceLast : now -> Double.NaN);
  }

  /** Whether measurements are taken at all. */
  boolean enabled() {
    return enabled;
  }

  /** Whether loops run on the caller alone at {@code now} (System.nanoTime). */
  boolean solo(long now) {
    return now - soloUntil < 0;
  }

  /** When the last pause ended or ends (System.nanoTime); the team's creation before any. */
  long soloUntil() {
    return soloUntil;
  }

  /**
   * Takes one thread's wait share for a window ending at {@code now} (NaN: no full window yet).
   * Returns whether the team now pauses.
   */
  boolean report(double waitShare, long now) {
    return enabled && !Double.isNaN(waitShare) && decide(waitShare, now);
  }

  private synchronized boolean decide(double waitShare, long now) {
    if (now - otherSince >= WINDOW_NANOS) {
      lastOtherCores = otherCores.applyAsDouble(now);
      otherSince = now;
    }
    if (!(waitShare > MAX_WAIT_SHARE) || !(lastOtherCores > MIN_OTHER_CORES) || solo(now)) {
      return false;
    }
    // a pause that follows soon after the last one doubles; after a long quiet run, start small
    boolean recent = paused && now - soloUntil < MAX_PAUSE_NANOS;
    pause = recent ? Math.min(2 * pause, MAX_PAUSE_NANOS) : MIN_PAUSE_NANOS;
    soloUntil = now + pause;
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            String.format(
                Locale.ROOT,
                "%s waited %.0f%% of %d ms for a core, other processes used %.2f cores: loops"
                    + " run on one thread for %d ms",
                Thread.currentThread().getName(),
                100 * waitShare,
                WINDOW_NANOS / 1_000_000,
                lastOtherCores,
                pause / 1_000_000));
    paused = true;
    return true;
  }
}
