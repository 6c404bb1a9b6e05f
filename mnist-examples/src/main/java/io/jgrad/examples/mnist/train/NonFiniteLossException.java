package io.jgrad.examples.mnist.train;

/**
 * Training produced a NaN or infinite loss (or parameters): the run stops, and the last checkpoint
 * written before it stays the last good one.
 */
public class NonFiniteLossException extends RuntimeException {
  private final int epoch;
  private final int batch;

  /** An error at {@code epoch} (from 1) and {@code batch} (from 1) with a full explanation. */
  public NonFiniteLossException(int epoch, int batch, String message) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch, from 1. */
  public int epoch() {
    return epoch;
  }

  /** The batch within the epoch, from 1. */
  public int batch() {
    return batch;
  }
}
