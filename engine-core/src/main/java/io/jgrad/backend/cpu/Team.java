package io.jgrad.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent worker threads behind {@link Parallel}: {@code size - 1} daemon workers plus the
 * calling thread, which works too. A loop is published as one {@link Job}; each thread runs its
 * home segment of the chunks, then takes what is left of the others', so a slow or descheduled
 * thread never holds up the rest.
 *
 * <p>Kernels run back to back, so a worker that finds no job spins for {@link #SPIN_NANOS} before
 * parking: the next loop usually starts within that window and costs about a microsecond to hand
 * out, instead of a thread wake-up. One loop runs at a time; a second thread that calls in while a
 * loop runs, and any loop started from inside a chunk, simply runs on its own thread. When the
 * threads cannot get a core each, {@link CoreContention} has the caller run loops alone for a
 * while.
 */
final class Team {
  /**
   * Whether each thread has a home segment ({@code -Djgrad.team.segments=false}: one shared
   * counter, kept to measure what segments give; see benchmarks/RESULTS.md).
   */
  static final boolean SEGMENTED = !"false".equals(System.getProperty("jgrad.team.segments"));

  /**
   * How long an idle worker keeps polling before it parks. Short, because a spinning worker takes
   * its core from every other runnable thread (the data loader, the JIT, other processes): a 1 ms
   * spin, tried, brought a recipe epoch down to 0.51-0.74 of the step benchmark's rate and two
   * threads to 0.7 of one thread's with another process on a core (benchmarks/RESULTS.md).
   */
  static final long SPIN_NANOS = 50_000;

  /** Spins of the caller before it parks to wait for the last chunks. */
  private static final int CALLER_SPINS = 1 << 12;

  final int size;
  private final Worker[] workers;
  private final ReentrantLock busy = new ReentrantLock();
  private final CoreContention contention;
  private final RunQueueWait.Window callerWindow =
      new RunQueueWait.Window(CoreContention.WINDOW_NANOS);
  private volatile Job job;
  private volatile boolean shutdown;

  Team(int size, CoreContention contention) {
    this.size = size;
    this.contention = contention;
    this.workers = new Worker[size - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
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
    if (contention.solo(System.nanoTime())) {
      return false;
    }
    if (!busy.tryLock()) {
      return false;
    }
    try {
      Job j = new Job(n, grain, chunks, size, body, Thread.currentThread());
      job = j;
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      j.work(0);
      j.await();
      job = null;
      measureCaller();
      j.rethrow();
      return true;
    } finally {
      busy.unlock();
    }
  }

  /** Whether {@code t} is one of a team's workers (a loop it starts runs inside a chunk). */
  static boolean isWorker(Thread t) {
    return t instanceof Worker;
  }

  /** Reports the caller's run-queue wait once a window is full (a pause restarts the window). */
  private void measureCaller() {
    if (contention.enabled()) {
      long now = System.nanoTime();
      if (callerWindow.start() - contention.soloUntil() < 0) {
        callerWindow.restart(now);
      } else {
        contention.report(callerWindow.poll(now), now);
      }
    }
  }

  /** Stops the workers once they finish what they run. */
  void shutdown() {
    shutdown = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  /**
   * One parallel loop. The chunks are cut into one contiguous home segment per thread (the caller
   * first, then the workers in order); each thread runs its own segment from the front and, once it
   * is done, takes what is left of the others' segments. Consecutive loops over the same batch thus
   * give each thread the same samples, whose activations are still in its core's cache, while a
   * slow or descheduled thread's chunks are still taken over by the rest. Which thread runs a chunk
   * never changes what the chunk computes.
   */
  private static final class Job {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** Tells jobs apart without keeping a finished one (and the arrays its body holds) alive. */
    final int id = SEQUENCE.incrementAndGet();

    private final int n;
    private final int grain;
    private final int chunks;
    private final int segments;
    private final Parallel.RangeBody body;
    private final Thread caller;
    private final AtomicIntegerArray next;
    private final AtomicInteger done = new AtomicInteger();
    private volatile Throwable failure;

    Job(int n, int grain, int chunks, int threads, Parallel.RangeBody body, Thread caller) {
      this.n = n;
      this.grain = grain;
      this.chunks = chunks;
      this.segments = Math.min(SEGMENTED ? threads : 1, chunks);
      this.body = body;
      this.caller = caller;
      this.next = new AtomicIntegerArray(segments);
      for (int s = 0; s < segments; s++) {
        next.set(s, segmentStart(s));
      }
    }

    private int segmentStart(int segment) {
      return (int) ((long) chunks * segment / segments);
    }

    /**
     * Runs the chunks of home segment {@code home} (the thread's index), then any left elsewhere.
     */
    void work(int home) {
      for (int k = 0; k < segments; k++) {
        int s = (home + k) % segments;
        int end = segmentStart(s + 1);
        int c;
        while ((c = next.getAndIncrement(s)) < end) {
          run(c);
        }
      }
    }

    private void run(int c) {
      try {
        body.run(c * grain, Math.min(n, (c + 1) * grain));
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
      } finally {
        if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) {
          LockSupport.unpark(caller);
        }
      }
    }

    /** Waits (spinning briefly, then parked) until every chunk has finished. */
    void await() {
      for (int i = 0; done.get() < chunks; i++) {
        if (i < CALLER_SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
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
    private final int index;
    private final RunQueueWait.Window window = new RunQueueWait.Window(CoreContention.WINDOW_NANOS);
    private int last;

    Worker(int index) {
      super("jgrad-cpu-" + index);
      this.index = index;
      setDaemon(true);
    }

    @Override
    public void run() {
      long idleSince = System.nanoTime();
      window.restart(idleSince);
      int polls = 0;
      while (!shutdown) {
        Job j = job;
        if (j != null && j.id != last) {
          last = j.id;
          j.work(index);
          idleSince = System.nanoTime();
          if (contention.enabled()) {
            contention.report(window.poll(idleSince), idleSince);
          }
          polls = 0;
          continue;
        }
        if (++polls % 64 != 0 || System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        // idle, or the team is paused (the caller publishes no job until the pause ends): park
        parked = true;
        Job pending = job;
        if (pending == null || pending.id == last) {
          LockSupport.park(this);
        }
        parked = false;
        idleSince = System.nanoTime();
        window.restart(idleSince);
        polls = 0;
      }
    }
  }
}
