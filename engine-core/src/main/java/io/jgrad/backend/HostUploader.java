package io.jgrad.backend;

import io.jgrad.backend.kernels.MemoryKernels;

/**
 * Moves host arrays (e.g. training batches) into a backend's memory, possibly overlapping the copy
 * with work already queued. {@link #stage} starts a copy; {@link Pending#take()} hands the buffer
 * to the calling thread's kernels. A device backend can copy the next batch while the current one
 * computes: stage batch k+1, then run batch k, then take batch k+1.
 *
 * <p>An uploader belongs to the thread that obtained it (it orders copies against that thread's
 * work) and must be closed. {@link #synchronous} is the default of every backend: it copies at
 * {@link Pending#take()} with {@link MemoryKernels#fromFloats}, exactly as a plain upload would.
 */
public interface HostUploader extends AutoCloseable {
  /** A staged copy; take it once, or close it to discard it. */
  interface Pending extends AutoCloseable {
    /**
     * The buffer holding the staged data, ready for kernels queued after this call by the thread
     * that staged it. The caller owns (and closes) it.
     *
     * @throws IllegalStateException when already taken or discarded
     */
    Storage take();

    /** Discards the copy if it was never taken (frees its buffer); no effect after take. */
    @Override
    void close();
  }

  /**
   * Starts moving {@code data} to the backend. The caller must not change {@code data} before
   * {@link Pending#take()} (a backend may read it only then).
   */
  Pending stage(float[] data);

  /** {@link #stage} and {@link Pending#take()} at once. */
  default Storage upload(float[] data) {
    return stage(data).take();
  }

  /** Waits for copies in flight and frees the uploader's own buffers. Idempotent. */
  @Override
  default void close() {}

  /** The uploader that copies synchronously with {@code memory.fromFloats} when taken. */
  static HostUploader synchronous(MemoryKernels memory) {
    return new SynchronousUploader(memory);
  }
}
