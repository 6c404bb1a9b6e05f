package io.jgrad.backend.cuda.runtime;

/** A CUDA, cuBLAS, cuDNN or NVRTC call failed; the message names the jgrad op and the call. */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean allocationFailure;

  /** An exception with a complete message. */
  public CudaException(String message) {
    this(message, false);
  }

  /** An exception with a complete message; {@code allocationFailure} when memory ran out. */
  public CudaException(String message, boolean allocationFailure) {
    super(message);
    this.allocationFailure = allocationFailure;
  }

  /** Whether the library ran out of device or host memory (worth a retry after freeing some). */
  public boolean isAllocationFailure() {
    return allocationFailure;
  }

  /** An exception with a complete message and a cause. */
  public CudaException(String message, Throwable cause) {
    super(message, cause);
    this.allocationFailure = false;
  }
}
