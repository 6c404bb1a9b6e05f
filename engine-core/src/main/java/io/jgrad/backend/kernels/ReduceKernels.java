package io.jgrad.backend.kernels;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;

/** Reductions over axes. */
public interface ReduceKernels {
  /**
   * Sums {@code x} of shape {@code shape} over {@code axes} (sorted, distinct, in range). The
   * result is row-major over the kept dims, so it is also the keepdim layout.
   */
  Storage sum(Storage x, Shape shape, int[] axes);
}
