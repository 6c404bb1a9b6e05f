package io.jgrad.backend.cuda.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import jcuda.Pointer;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaEvent_t;
import jcuda.runtime.cudaMemcpyKind;
import jcuda.runtime.cudaStream_t;

/**
 * Asynchronous host-to-device copies through a ring of page-locked host buffers ({@code
 * cudaHostAlloc}), each with an event recorded after its copy. The host fills one buffer while the
 * copy from another is in flight and never waits for a copy unless it comes back to that copy's
 * buffer before it finished ({@link StagingRing}). Confined to one thread.
 */
public final class PinnedCopies implements AutoCloseable {
  /** A pinned buffer and its byte view. */
  private record Pinned(Pointer pointer, ByteBuffer bytes) {}

  private final cudaEvent_t[] done;
  private final StagingRing<Pinned> ring;

  /** A ring of {@code slots} pinned buffers (2 for double buffering), allocated on first use. */
  public PinnedCopies(int slots) {
    done = new cudaEvent_t[slots];
    for (int s = 0; s < slots; s++) {
      done[s] = new cudaEvent_t();
      CudaErrors.runtime(
          JCuda.cudaEventCreateWithFlags(done[s], JCuda.cudaEventDisableTiming),
          "creating a copy event (cudaEventCreateWithFlags)");
    }
    ring = new StagingRing<>(slots, new Ops());
  }

  private final class Ops implements StagingRing.Ops<Pinned> {
    @Override
    public Pinned allocate(long bytes) {
      Pointer p = new Pointer();
      CudaErrors.runtime(
          JCuda.cudaHostAlloc(p, bytes, JCuda.cudaHostAllocDefault),
          "allocating " + bytes + " bytes of pinned host memory (cudaHostAlloc)");
      return new Pinned(p, p.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()));
    }

    @Override
    public void free(Pinned buffer) {
      JCuda.cudaFreeHost(buffer.pointer());
    }

    @Override
    public void awaitCopy(int slot) {
      CudaErrors.runtime(
          JCuda.cudaEventSynchronize(done[slot]),
          "waiting for a staged copy (cudaEventSynchronize)");
    }
  }

  /**
   * Lets {@code writer} fill the next pinned buffer with {@code bytes} (from position 0, native
   * order), queues its copy to device memory {@code dst} on {@code stream} and returns the event
   * that completes with the copy (make other streams wait on it before they read {@code dst}).
   */
  public cudaEvent_t copy(
      long bytes, Consumer<ByteBuffer> writer, Pointer dst, cudaStream_t stream, String what) {
    int s = ring.acquire(bytes);
    ByteBuffer b = ring.buffer(s).bytes();
    b.clear();
    writer.accept(b);
    CudaErrors.runtime(
        JCuda.cudaMemcpyAsync(
            dst, ring.buffer(s).pointer(), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream),
        what + ": copy of " + bytes + " bytes (cudaMemcpyAsync)");
    CudaErrors.runtime(JCuda.cudaEventRecord(done[s], stream), what + " (cudaEventRecord)");
    ring.launched(s);
    return done[s];
  }

  /** Waits for the copies in flight, frees the pinned buffers and the events. Idempotent. */
  @Override
  public void close() {
    if (done[0] == null) {
      return;
    }
    ring.close();
    for (int s = 0; s < done.length; s++) {
      JCuda.cudaEventDestroy(done[s]);
      done[s] = null;
    }
  }
}
