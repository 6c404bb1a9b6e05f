package io.jgrad.backend.cuda;

import io.jgrad.backend.HostUploader;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.PinnedCopies;
import io.jgrad.backend.cuda.runtime.StreamContext;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaEvent_t;
import jcuda.runtime.cudaStream_t;

/**
 * Batch uploads that overlap compute: {@link #stage} writes the array into one of two page-locked
 * buffers and queues its copy on a separate copy stream; {@link Pending#take()} makes the owning
 * thread's compute stream wait (on the device, not the host) for the copy's event. Staging batch
 * k+1 before queueing batch k's work lets the copy run while batch k computes.
 *
 * <p>The destination comes from the caching allocator on the compute stream. Its previous user may
 * have been kernels still queued there, so the copy stream first waits for a marker recorded on the
 * compute stream at staging time. Confined to the thread that created it.
 */
final class CudaUploader implements HostUploader {
  /** Two pinned buffers: the host fills one while the other is being copied. */
  static final int SLOTS = 2;

  private final CudaBackend backend;
  private final StreamContext compute;
  private final cudaStream_t copyStream = new cudaStream_t();
  private final cudaEvent_t computeMark = new cudaEvent_t();
  private final PinnedCopies pinned;
  private boolean closed;

  CudaUploader(CudaBackend backend) {
    this.backend = backend;
    this.compute = backend.stream();
    CudaErrors.runtime(
        JCuda.cudaStreamCreateWithFlags(copyStream, JCuda.cudaStreamNonBlocking),
        "upload: creating the copy stream");
    CudaErrors.runtime(
        JCuda.cudaEventCreateWithFlags(computeMark, JCuda.cudaEventDisableTiming),
        "upload: creating an event");
    this.pinned = new PinnedCopies(SLOTS);
  }

  @Override
  public Pending stage(float[] data) {
    if (data == null) {
      throw new IllegalArgumentException("upload: data is null");
    }
    if (closed) {
      throw new IllegalStateException("upload: the uploader was closed");
    }
    if (backend.stream() != compute) {
      throw new IllegalStateException(
          "upload: an uploader is confined to the thread that created it");
    }
    String what = "upload of " + data.length + " floats";
    CudaStorage out = backend.allocate(data.length);
    if (data.length == 0) {
      return new Staged(out, null);
    }
    cudaEvent_t copied;
    try {
      CudaErrors.runtime(
          JCuda.cudaEventRecord(computeMark, compute.stream()), what + " (cudaEventRecord)");
      CudaErrors.runtime(
          JCuda.cudaStreamWaitEvent(copyStream, computeMark, 0), what + " (cudaStreamWaitEvent)");
      copied =
          pinned.copy(
              4L * data.length,
              b -> b.asFloatBuffer().put(data),
              out.pointer(compute),
              copyStream,
              what);
    } catch (RuntimeException e) {
      // A copy may have been queued before the failure: let it end before the block is reused
      // (left to the cleaner, the block would return to the pool with the copy still writing).
      JCuda.cudaStreamSynchronize(copyStream);
      out.close();
      throw e;
    }
    return new Staged(out, copied);
  }

  /** A copy in flight into {@code out}; {@code copied} is null for an empty upload. */
  private final class Staged implements Pending {
    private CudaStorage out;
    private final cudaEvent_t copied;

    Staged(CudaStorage out, cudaEvent_t copied) {
      this.out = out;
      this.copied = copied;
    }

    @Override
    public Storage take() {
      if (out == null) {
        throw new IllegalStateException("upload: a staged copy was already taken or closed");
      }
      if (copied != null && !closed) {
        // Once the uploader is closed every copy has finished. The slot's event may have been
        // recorded again by a later copy on the same stream; that one ends after ours, so waiting
        // for it is still correct (only later).
        CudaErrors.runtime(
            JCuda.cudaStreamWaitEvent(compute.stream(), copied, 0),
            "upload: ordering the copy before its use (cudaStreamWaitEvent)");
      }
      CudaStorage s = out;
      out = null;
      return s;
    }

    @Override
    public void close() {
      if (out != null) {
        take().close(); // the compute stream waits for the copy before the block is reused
      }
    }
  }

  /** Whether every copy queued so far has finished (never waits; for tests of the overlap). */
  boolean copiesDone() {
    return JCuda.cudaStreamQuery(copyStream) == jcuda.runtime.cudaError.cudaSuccess;
  }

  /** Waits for the copies in flight and frees the pinned buffers, the stream and the event. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pinned.close();
    JCuda.cudaStreamSynchronize(copyStream);
    JCuda.cudaStreamDestroy(copyStream);
    JCuda.cudaEventDestroy(computeMark);
  }
}
