package io.jgrad.examples.mnist.data;

import io.jgrad.Device;
import io.jgrad.TensorUploader;
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
 *
 * <p>Images reach the device through a {@link TensorUploader} owned by the iterator (and its
 * thread). Off the CPU, when the following batch is already built, {@link #next()} also starts its
 * copy before returning, so the copy overlaps the caller's work on the batch it returned; on the
 * CPU nothing is done ahead (one plain copy per batch, at {@link #next()}).
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
  private final DataLoader loader;
  private final int epoch;
  private final int[] order;
  private final int startBatch;
  private final int end;
  private final int prefetch;
  private final ArrayDeque<Future<BatchAssembler.HostBatch>> pending = new ArrayDeque<>();
  private final TensorUploader uploader;
  private final boolean lookAhead;
  private Ahead ahead;
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
    this.uploader = TensorUploader.to(loader.device());
    this.lookAhead = !loader.device().equals(Device.CPU);
    schedule();
  }

  /** The next batch's host data with its copy already started. */
  private record Ahead(BatchAssembler.HostBatch host, TensorUploader.Staged images) {}

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
    int k = nextTake++;
    Ahead current = ahead != null ? ahead : stage(await(pending.poll(), k));
    ahead = null;
    try {
      schedule();
      BatchAssembler.HostBatch following = lookAhead ? readyWithoutWaiting(pending.peek()) : null;
      if (following != null) {
        pending.poll();
        ahead = stage(following);
        schedule();
      }
    } catch (RuntimeException e) {
      current.images().close(); // neither returned nor held in ahead: close() would miss it
      throw e;
    }
    return loader.toBatch(epoch, k, current.host(), current.images().take());
  }

  /** The result of {@code f} when it has already succeeded, else null (errors surface later). */
  private static BatchAssembler.HostBatch readyWithoutWaiting(Future<BatchAssembler.HostBatch> f) {
    if (f == null || !f.isDone() || f.isCancelled()) {
      return null;
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null; // next() reports it when that batch is asked for
    }
  }

  private Ahead stage(BatchAssembler.HostBatch h) {
    return new Ahead(h, uploader.stage(h.images(), loader.imageShape(h)));
  }

  private BatchAssembler.HostBatch await(Future<BatchAssembler.HostBatch> f, int k) {
    try {
      return f.get();
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

  /**
   * Cancels the batches scheduled ahead and frees the upload buffers; {@link #hasNext()} is false
   * afterwards. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ahead != null) {
      ahead.images().close();
      ahead = null;
    }
    uploader.close();
    for (Future<BatchAssembler.HostBatch> f : pending) {
      f.cancel(true);
    }
    pending.clear();
  }
}
