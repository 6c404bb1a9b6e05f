package io.jgrad.backend.cuda.runtime;

/** A CUDA, cuBLAS, cuDNN or NVRTC call failed; the message names the jgrad op and the call. */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a complete message. */
  public CudaException(String message) {
    super(message);
  }

  /** An exception with a complete message and a cause. */
  public CudaException(String message, Throwable cause) {
    super(message, cause);
  }
}
