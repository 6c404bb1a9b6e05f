package io.jgrad.nn.data;

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
 * built on the workers ahead of the consumer; {@link #next()} takes the oldest and schedules one
 * more. A worker's exception is rethrown by {@link #next()} as a {@link DataLoaderException} naming
 * the epoch and batch. Off the CPU, when the following batch is already built, {@link #next()} also
 * starts its upload, so the copy overlaps the caller's work on the current batch; on the CPU
 * nothing is done ahead (one plain copy per batch, at {@link #next()}).
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
  private Staged ahead;
  private int nextSubmit;
  private int nextTake;
  private boolean closed;

  private record Staged(BatchAssembler.HostBatch host, TensorUploader.Staged images) {}

  BatchIterator(DataLoader loader, int epoch, int[] order, int startBatch, int end, int prefetch) {
    this.loader = loader;
    this.epoch = epoch;
    this.order = order;
    this.startBatch = startBatch;
    this.nextSubmit = startBatch;
    this.nextTake = startBatch;
    this.end = end;
    this.prefetch = prefetch;
    this.uploader = TensorUploader.to(loader.device());
    this.lookAhead = !loader.device().equals(Device.CPU);
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
          "DataLoader: epoch " + epoch + " has no batch " + nextTake + " (it has " + end + ")");
    }
    int k = nextTake++;
    Staged current = ahead != null ? ahead : stage(await(pending.poll(), k));
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
      current.images().close();
      throw e;
    }
    BatchAssembler.HostBatch h = current.host();
    Batch batch = loader.toBatch(epoch, k, h, current.images().take());
    if (nextTake == end) {
      close(); // frees the uploader once the epoch is consumed (for-each never closes)
    }
    return batch;
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

  private Staged stage(BatchAssembler.HostBatch h) {
    return new Staged(h, uploader.stage(h.images(), h.shape()));
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
    int from = k * loader.batchSize();
    int to = Math.min(from + loader.batchSize(), order.length);
    return "positions "
        + from
        + ".."
        + (to - 1)
        + " of the epoch order, dataset indices "
        + (to > from ? order[from] + ", ..." : "none");
  }

  /** Cancels the batches built ahead and frees the upload buffers. Idempotent. */
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
