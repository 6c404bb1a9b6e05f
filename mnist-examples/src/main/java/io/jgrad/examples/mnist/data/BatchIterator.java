package io.jgrad.examples.mnist.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The batches of one epoch of a {@link DataLoader}, in order. Up to {@code prefetch} batches are
 * scheduled on the loader's workers ahead of the consumer; each {@link #next()} takes the oldest
 * (waiting only if it is not ready yet) and schedules one more. A worker's exception is rethrown
 * from {@link #next()} as a {@link DataLoaderException} naming the epoch and batch. Close the
 * iterator when leaving an epoch early, to cancel the batches scheduled ahead.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
  private final DataLoader loader;
  private final int epoch;
  private final int[] order;
  private final int startBatch;
  private final int end;
  private final int prefetch;
  private final ArrayDeque<Future<BatchAssembler.HostBatch>> pending = new ArrayDeque<>();
  private int nextSubmit;
  private int nextTake;
  private boolean closed;

  BatchIterator(DataLoader loader, int epoch, int[] order, int startBatch, int end, int prefetch) {
    this.loader = loader;
    this.epoch = epoch;
    this.order = order;
    this.startBatch = startBatch;
    this.end = end;
    this.prefetch = prefetch;
    this.nextSubmit = startBatch;
    this.nextTake = startBatch;
    schedule();
  }

  private void schedule() {
    while (pending.size() < prefetch && nextSubmit < end) {
      pending.add(loader.submit(epoch, order, nextSubmit++));
    }
  }

  /** The epoch. */
  public int epoch() {
    return epoch;
  }

  /** The first batch index this iterator returns. */
  public int startBatch() {
    return startBatch;
  }

  /** The index of the batch {@link #next()} returns next. */
  public int nextBatchIndex() {
    return nextTake;
  }

  /** This epoch's visiting order (a copy): batch k holds positions [k*B, (k+1)*B). */
  public int[] order() {
    return order.clone();
  }

  @Override
  public boolean hasNext() {
    return !closed && nextTake < end;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "DataLoader: epoch "
              + epoch
              + " has no batch "
              + nextTake
              + (closed ? " (iterator closed)" : " (it has " + end + " batches)"));
    }
    Future<BatchAssembler.HostBatch> f = pending.poll();
    int k = nextTake++;
    schedule();
    BatchAssembler.HostBatch host;
    try {
      host = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new DataLoaderException(
          "DataLoader: interrupted while waiting for batch " + k + " of epoch " + epoch, e);
    } catch (ExecutionException | CancellationException e) {
      close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new DataLoaderException(
          "DataLoader: building batch "
              + k
              + " of epoch "
              + epoch
              + " ("
              + describe(k)
              + ") failed: "
              + cause,
          cause);
    }
    return loader.toBatch(epoch, k, host);
  }

  private String describe(int k) {
    int b = loader.batchSize();
    int from = k * b;
    int to = Math.min(from + b, order.length);
    return "positions "
        + from
        + ".."
        + (to - 1)
        + " of the epoch order, dataset indices "
        + (to > from ? order[from] + ", ..." : "none");
  }

  /** Cancels the batches scheduled ahead; {@link #hasNext()} is false afterwards. */
  @Override
  public void close() {
    closed = true;
    for (Future<BatchAssembler.HostBatch> f : pending) {
      f.cancel(true);
    }
    pending.clear();
  }
}
