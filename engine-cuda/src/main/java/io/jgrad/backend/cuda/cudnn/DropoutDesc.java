package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnDropoutDescriptor;
import jcuda.jcudnn.cudnnHandle;

/**
 * A dropout descriptor bound to one cuDNN handle and its RNG state memory (owned by the caller).
 * {@link #reseed} re-initializes the RNG state from a seed (a kernel launch); {@link #restore} only
 * changes the probability, for the backward pass, which reads the mask from the reserve space and
 * never touches the RNG.
 */
public final class DropoutDesc implements AutoCloseable {
  private final cudnnDropoutDescriptor desc = new cudnnDropoutDescriptor();
  private final cudnnHandle handle;
  private final Pointer states;
  private final long stateBytes;
  private boolean seeded;
  private long seed;
  private boolean closed;

  /** A descriptor over {@code stateBytes} of RNG state at {@code states}. */
  public DropoutDesc(cudnnHandle handle, Pointer states, long stateBytes) {
    this.handle = handle;
    this.states = states;
    this.stateBytes = stateBytes;
    CudaErrors.cudnn(JCudnn.cudnnCreateDropoutDescriptor(desc), "cudnnCreateDropoutDescriptor");
  }

  /** Bytes of RNG state cuDNN needs for {@code handle}. */
  public static long stateBytes(cudnnHandle handle) {
    long[] size = {0};
    CudaErrors.cudnn(JCudnn.cudnnDropoutGetStatesSize(handle, size), "cudnnDropoutGetStatesSize");
    return size[0];
  }

  /** Bytes of mask (reserve space) cuDNN keeps for an input described by {@code x}. */
  public static long reserveBytes(TensorDesc x) {
    long[] size = {0};
    CudaErrors.cudnn(
        JCudnn.cudnnDropoutGetReserveSpaceSize(x.get(), size),
        "cudnnDropoutGetReserveSpaceSize for " + x);
    return size[0];
  }

  /** Sets probability {@code p} and re-initializes the RNG from {@code newSeed}. */
  public void reseed(float p, long newSeed) {
    CudaErrors.cudnn(
        JCudnn.cudnnSetDropoutDescriptor(desc, handle, p, states, stateBytes, newSeed),
        "cudnnSetDropoutDescriptor(p=" + p + ")");
    seeded = true;
    seed = newSeed;
  }

  /** Sets probability {@code p} without touching the RNG state (seeds it once if never seeded). */
  public void restore(float p) {
    if (!seeded) {
      reseed(p, 0);
      return;
    }
    CudaErrors.cudnn(
        JCudnn.cudnnRestoreDropoutDescriptor(desc, handle, p, states, stateBytes, seed),
        "cudnnRestoreDropoutDescriptor(p=" + p + ")");
  }

  /** The native descriptor. */
  public cudnnDropoutDescriptor get() {
    return desc;
  }

  /** Destroys the native descriptor (not the state memory). Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyDropoutDescriptor(desc);
    }
  }
}
