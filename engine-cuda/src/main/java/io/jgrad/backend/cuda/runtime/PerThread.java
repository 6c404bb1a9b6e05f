package io.jgrad.backend.cuda.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One resource per thread (a stream with its handles, buffers and workspace), created on the
 * thread's first use and released when the thread has ended: every creation first releases the
 * resources of threads that are no longer alive, and {@link #reap()} does so on demand. {@link
 * #close()} releases all of them; using the registry afterwards throws.
 *
 * @param <R> the per-thread resource
 */
public final class PerThread<R> implements AutoCloseable {
  private record Owned<R>(WeakReference<Thread> thread, R resource) {}

  private final Supplier<R> create;
  private final Consumer<R> release;
  private final List<Owned<R>> owned = new ArrayList<>(); // guarded by this
  private final ThreadLocal<R> current = new ThreadLocal<>();
  private boolean closed; // guarded by this

  /**
   * @param create makes the calling thread's resource
   * @param release frees a resource (called on any thread, never while its owner runs)
   */
  public PerThread(Supplier<R> create, Consumer<R> release) {
    this.create = create;
    this.release = release;
  }

  /** The calling thread's resource, created on first use. */
  public R current() {
    R r = current.get();
    if (r != null) {
      synchronized (this) {
        if (!closed) {
          return r;
        }
      }
      throw closedError();
    }
    reap();
    synchronized (this) {
      if (closed) {
        throw closedError();
      }
    }
    r = create.get();
    synchronized (this) {
      owned.add(new Owned<>(new WeakReference<>(Thread.currentThread()), r));
    }
    current.set(r);
    return r;
  }

  /** The resources of every thread alive or not yet reaped. */
  public synchronized List<R> all() {
    List<R> out = new ArrayList<>(owned.size());
    for (Owned<R> o : owned) {
      out.add(o.resource());
    }
    return out;
  }

  /** Releases the resources of threads that have ended; returns how many. */
  public int reap() {
    List<R> dead = new ArrayList<>();
    synchronized (this) {
      owned.removeIf(
          o -> {
            Thread t = o.thread().get();
            boolean gone = t == null || !t.isAlive();
            if (gone) {
              dead.add(o.resource());
            }
            return gone;
          });
    }
    dead.forEach(release);
    return dead.size();
  }

  /** Releases every resource, of live threads too. Idempotent. */
  @Override
  public void close() {
    List<R> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = all();
      owned.clear();
    }
    all.forEach(release);
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("cuda: the backend was closed");
  }
}
