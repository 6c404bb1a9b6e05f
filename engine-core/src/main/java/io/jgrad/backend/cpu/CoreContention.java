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
 * <p>A pause whose end finds other processes still keeping as many cores busy as when it began
 * (less {@link #LOAD_MARGIN_CORES}) is extended without trying two threads: each such try costs a
 * window at two threads on a shared core, about 2% of the step rate at one try per longest pause.
 * Every {@link #MAX_EXTENSIONS}th end tries anyway, in case the load no longer takes our core.
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
  static final double LOAD_MARGIN_CORES = 0.5;
  static final int MAX_EXTENSIONS = 8;

  private final boolean enabled;
  private final LongToDoubleFunction otherCores;
  private long otherSince = System.nanoTime();
  private double lastOtherCores = Double.NaN;
  private volatile long soloUntil = System.nanoTime();
  private volatile boolean pauseUnchecked;
  private double otherCoresAtPause;
  private int extensions;
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

  /**
   * Whether loops run on the caller alone at {@code now} (System.nanoTime). The first call after a
   * pause ends decides whether to extend it.
   */
  boolean solo(long now) {
    return now - soloUntil < 0 || pauseUnchecked && extendOrEnd(now);
  }

  private synchronized boolean extendOrEnd(long now) {
    if (now - soloUntil < 0 || !pauseUnchecked) {
      return now - soloUntil < 0;
    }
    pauseUnchecked = false;
    double others = otherCores.applyAsDouble(now); // since the pause began
    lastOtherCores = others;
    otherSince = now;
    if (extensions >= MAX_EXTENSIONS - 1
        || !(others > MIN_OTHER_CORES)
        || !(others >= otherCoresAtPause - LOAD_MARGIN_CORES)) {
      extensions = 0;
      return false;
    }
    extensions++;
    pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
    startPause(now, "other processes still used %.2f cores", others);
    return true;
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
    otherCoresAtPause = lastOtherCores;
    otherCores.applyAsDouble(now); // the extension check measures from here
    otherSince = now;
    paused = true;
    String thread = Thread.currentThread().getName();
    startPause(
        now,
        "%s waited %.0f%% of %d ms for a core, other processes used %.2f cores",
        thread,
        100 * waitShare,
        WINDOW_NANOS / 1_000_000,
        lastOtherCores);
    return true;
  }

  private void startPause(long now, String why, Object... args) {
    soloUntil = now + pause;
    pauseUnchecked = true;
    long ms = pause / 1_000_000;
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            String.format(Locale.ROOT, why, args)
                + String.format(Locale.ROOT, ": loops run on one thread for %d ms", ms));
  }
}
