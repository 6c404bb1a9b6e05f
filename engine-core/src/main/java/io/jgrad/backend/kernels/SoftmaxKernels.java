package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/**
 * Softmax and log-softmax along one dimension of a tensor viewed as [outer, dim, inner], computed
 * stably (the maximum is subtracted first).
 */
public interface SoftmaxKernels {
  /** softmax (or log-softmax when {@code log}) into a new buffer. */
  Storage forward(Storage input, int outer, int dim, int inner, boolean log);

  /** Backward from the forward output {@code output}. */
  Storage backward(Storage gradOut, Storage output, int outer, int dim, int inner, boolean log);
}
