package io.jgrad.nn.data;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of named daemon threads, started on first use; {@link #close()} interrupts them and
 * waits until every one has ended, so no thread outlives its loader.
 */
final class WorkerPool implements AutoCloseable {
  private final int size;
  private final String namePrefix;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private ExecutorService executor;
  private boolean closed;

  WorkerPool(int size, String namePrefix) {
    this.size = size;
    this.namePrefix = namePrefix;
  }

  String namePrefix() {
    return namePrefix;
  }

  synchronized <T> Future<T> submit(Callable<T> task) {
    ensureOpen();
    if (executor == null) {
      executor =
          Executors.newFixedThreadPool(
              size,
              r -> {
                Thread t = new Thread(r, namePrefix + threads.size());
                t.setDaemon(true);
                threads.add(t);
                return t;
              });
    }
    return executor.submit(task);
  }

  synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("DataLoader: already closed");
    }
  }

  @Override
  public void close() {
    ExecutorService ex;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ex = executor;
    }
    if (ex == null) {
      return;
    }
    ex.shutdownNow();
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
