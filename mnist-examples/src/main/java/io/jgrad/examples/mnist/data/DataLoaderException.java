package io.jgrad.examples.mnist.data;

/**
 * Building a batch failed on a {@link DataLoader} worker thread (or waiting for it was
 * interrupted). The message names the epoch and batch; the worker's exception is the cause.
 */
public class DataLoaderException extends RuntimeException {
  /** An exception with a message naming the batch, caused by {@code cause}. */
  public DataLoaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
