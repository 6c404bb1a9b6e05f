package io.jgrad.backend.cuda;

/**
 * The CUDA backend could not allocate device memory within its bound ({@code
 * -Djgrad.cuda.maxBytes}) or the device's capacity. The message gives the request and what is in
 * use.
 */
public final class CudaOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a complete message. */
  public CudaOutOfMemoryException(String message) {
    super(message);
  }
}
