package io.jgrad.nn.data;

/** A batch could not be built (the cause names the sample or file) or the wait was interrupted. */
public final class DataLoaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} and {@code cause}. */
  public DataLoaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
