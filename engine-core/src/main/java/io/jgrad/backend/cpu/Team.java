package io.jgrad.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent worker threads behind {@link Parallel}: {@code size - 1} daemon workers plus the
 * calling thread, which works too. A loop is published as one {@link Job}; everyone takes chunks
 * from its counter until none are left, so a slow or descheduled thread never holds up the rest.
 *
 * <p>Waiting is spin, then yield, then park, so that the team pays on an idle machine and never
 * costs more than one thread on a busy one:
 *
 * <ul>
 *   <li>An idle worker polls with {@link Thread#onSpinWait()} for {@link #SPIN_NANOS} (kernels run
 *       back to back, so the next loop usually starts within that window and costs about a
 *       microsecond to hand out), then polls with {@link Thread#yield()} up to {@link #YIELD_NANOS}
 *       (its core stays awake, which matters on virtual machines where waking a halted core takes
 *       tens of microseconds, but any other runnable thread on that core gets it), then parks until
 *       the next loop unparks it.
 *   <li>The caller, once no chunk is left to take, spins for at most four times the mean time of
 *       the chunks it ran itself (between {@link #CALLER_MIN_SPIN_NANOS} and {@link
 *       #CALLER_MAX_SPIN_NANOS}): a worker that needs longer than that for its last chunk has most
 *       likely lost its core to another process, and the caller parks, so its own core falls idle
 *       and the scheduler can move the stalled worker there.
 * </ul>
 *
 * <p>One loop runs at a time; a second thread that calls in while a loop runs, and any loop started
 * from inside a chunk, simply runs on its own thread.
 */
final class Team {
  /** How long an idle worker polls with {@link Thread#onSpinWait()}. */
  static final long SPIN_NANOS = 50_000;

  /** How long an idle worker keeps polling, yielding its core between polls, before it parks. */
  static final long YIELD_NANOS = 2_000_000;

  /** Least time the caller spins for the last chunks before it parks. */
  static final long CALLER_MIN_SPIN_NANOS = 20_000;

  /** Most time the caller spins for the last chunks before it parks. */
  static final long CALLER_MAX_SPIN_NANOS = 500_000;

  final int size;
  private final Worker[] workers;
  private final ReentrantLock busy = new ReentrantLock();
  private volatile Job job;
  private volatile boolean shutdown;

  Team(int size) {
    this.size = size;
    this.workers = new Worker[size - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i);
      workers[i].start();
    }
  }

  /**
   * Runs chunks [0, chunks) of {@code body} (chunk c covers iterations [c * grain, min(n, (c + 1) *
   * grain))) on the team and returns true, or returns false without running anything when the team
   * is busy with another loop or the caller is itself running a chunk.
   */
  boolean tryRun(int n, int grain, int chunks, Parallel.RangeBody body) {
    if (Thread.currentThread() instanceof Worker || busy.isHeldByCurrentThread()) {
      return false;
    }
    if (!busy.tryLock()) {
      return false;
    }
    try {
      Job j = new Job(n, grain, chunks, body, Thread.currentThread());
      job = j;
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      j.work();
      j.await();
      job = null;
      j.rethrow();
      return true;
    } finally {
      busy.unlock();
    }
  }

  /** Stops the workers once they finish what they run. */
  void shutdown() {
    shutdown = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  /** One parallel loop: chunks handed out by a counter, completion counted by another. */
  private static final class Job {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** Tells jobs apart without keeping a finished one (and the arrays its body holds) alive. */
    final int id = SEQUENCE.incrementAndGet();

    private final int n;
    private final int grain;
    private final int chunks;
    private final Parallel.RangeBody body;
    private final Thread caller;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean callerParked;
    private long callerStart;
    private int callerChunks;

    Job(int n, int grain, int chunks, Parallel.RangeBody body, Thread caller) {
      this.n = n;
      this.grain = grain;
      this.chunks = chunks;
      this.body = body;
      this.caller = caller;
    }

    /** Runs chunks until none are left (the caller also counts its own). */
    void work() {
      boolean isCaller = Thread.currentThread() == caller;
      if (isCaller) {
        callerStart = System.nanoTime();
      }
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        if (isCaller) {
          callerChunks++;
        }
        try {
          body.run(c * grain, Math.min(n, (c + 1) * grain));
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          }
        } finally {
          if (done.incrementAndGet() == chunks && callerParked) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    /**
     * Waits until every chunk has finished: spinning for four times the caller's mean chunk time
     * (clamped to [{@link #CALLER_MIN_SPIN_NANOS}, {@link #CALLER_MAX_SPIN_NANOS}]), then parked.
     */
    void await() {
      if (done.get() >= chunks) {
        return;
      }
      long start = System.nanoTime();
      long mean = callerChunks == 0 ? 0 : (start - callerStart) / callerChunks;
      long limit = Math.max(CALLER_MIN_SPIN_NANOS, Math.min(CALLER_MAX_SPIN_NANOS, 4 * mean));
      for (int i = 1; done.get() < chunks; i++) {
        if ((i & 63) != 0 || System.nanoTime() - start < limit) {
          Thread.onSpinWait();
        } else {
          callerParked = true;
          if (done.get() < chunks) {
            LockSupport.park(this);
          }
          callerParked = false;
        }
      }
    }

    /** Rethrows the first failure of any chunk in the caller. */
    void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException("parallel loop failed", t);
      }
    }
  }

  /** A worker: runs published jobs, spinning between them, parking when idle for long. */
  private final class Worker extends Thread {
    volatile boolean parked;
    private int last;
    private boolean yielding;

    Worker(int index) {
      super("jgrad-cpu-" + (index + 1));
      setDaemon(true);
    }

    @Override
    public void run() {
      long idleSince = System.nanoTime();
      int polls = 0;
      while (!shutdown) {
        Job j = job;
        if (j != null && j.id != last) {
          last = j.id;
          j.work();
          idleSince = System.nanoTime();
          polls = 0;
          yielding = false;
          continue;
        }
        if (!yielding && ++polls % 64 != 0) {
          Thread.onSpinWait();
          continue;
        }
        long idle = System.nanoTime() - idleSince;
        if (idle < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        if (idle < YIELD_NANOS) {
          yielding = true;
          Thread.yield();
          continue;
        }
        yielding = false;
        parked = true;
        Job pending = job;
        if (pending == null || pending.id == last) {
          LockSupport.park(this);
        }
        parked = false;
        idleSince = System.nanoTime();
        polls = 0;
      }
    }
  }
}
