package io.jgrad.backend.kernels;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;

/** Data movement. Reshapes need no kernel: storage is always contiguous row-major. */
public interface CopyKernels {
  /**
   * Broadcasts {@code x} of shape {@code from} to shape {@code to} (same rank; every dim of {@code
   * from} is either equal to that of {@code to} or 1), into a new buffer.
   */
  Storage expand(Storage x, Shape from, Shape to);
}
