package io.jgrad.backend.kernels;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;

/** Inverted dropout: kept elements are scaled by 1/(1-p) so evaluation needs no rescaling. */
public interface DropoutKernels {
  /** The dropped-out output and the mask the backward pass needs (backend-specific content). */
  record Result(Storage output, Storage mask) {}

  /**
   * Zeroes each element (or, when {@code channelwise}, each whole channel of an [N, C, ...] tensor)
   * with probability {@code p}, drawing from {@code generator}.
   */
  Result forward(Storage input, Shape shape, double p, boolean channelwise, Generator generator);

  /** Applies the same mask and scale to the gradient. */
  Storage backward(Storage gradOut, Storage mask, Shape shape, double p, boolean channelwise);
}
