package io.jgrad.backend.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long the current thread has waited for a CPU while it was ready to run, from Linux's {@code
 * /proc/thread-self/schedstat} (its second field, the run-queue delay in nanoseconds). Time spent
 * blocked or parked is not counted, so the figure tells a busy core apart from a thread that simply
 * had nothing to do. Elsewhere (no such file) {@link #AVAILABLE} is false and {@link #nanos()}
 * returns -1.
 */
final class RunQueueWait {
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  /** Whether the kernel reports run-queue delays for threads. */
  static final boolean AVAILABLE = read() >= 0;

  private RunQueueWait() {}

  /** The calling thread's total run-queue delay so far, in nanoseconds, or -1 if unknown. */
  static long nanos() {
    return AVAILABLE ? read() : -1;
  }

  private static long read() {
    try {
      // "<ns on a CPU> <ns waiting on a run queue> <time slices>\n"
      return Long.parseLong(Files.readString(SCHEDSTAT, StandardCharsets.US_ASCII).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * One thread's share of wall-clock time spent waiting for a CPU, measured over windows of at
   * least {@code windowNanos}. Only the thread that last called {@link #restart} may poll it.
   */
  static final class Window {
    private final long windowNanos;
    private Thread thread;
    private long wallStart;
    private long waitStart;

    Window(long windowNanos) {
      this.windowNanos = windowNanos;
    }

    /** Starts a new window for the calling thread at {@code now}. */
    void restart(long now) {
      thread = Thread.currentThread();
      wallStart = now;
      waitStart = nanos();
    }

    /** When the current window started (System.nanoTime). */
    long start() {
      return wallStart;
    }

    /**
     * The fraction of the window spent waiting for a CPU once the window is full (and a new one
     * starts), else NaN; also NaN, with a new window started, when another thread polls.
     */
    double poll(long now) {
      if (thread != Thread.currentThread() || waitStart < 0) {
        restart(now);
        return Double.NaN;
      }
      long wall = now - wallStart;
      if (wall < windowNanos) {
        return Double.NaN;
      }
      long wait = nanos();
      double share = wait < 0 ? Double.NaN : (double) (wait - waitStart) / wall;
      wallStart = now;
      waitStart = wait;
      return share;
    }
  }
}
