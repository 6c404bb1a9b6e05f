package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.Pool2dParams;

/** Pooling over NCHW input. */
public interface PoolKernels {
  /** Max over each window; padding counts as -inf. */
  Storage maxForward(Storage input, Pool2dParams p);

  /**
   * Routes each output gradient to its window's first maximum (the same element the forward pass
   * picked, found again from the input and the output).
   */
  Storage maxBackward(Storage gradOut, Storage input, Storage output, Pool2dParams p);

  /** Mean over each window (divisor kH*kW when {@code countIncludePad}). */
  Storage avgForward(Storage input, Pool2dParams p);

  /** Spreads each output gradient evenly over its window. */
  Storage avgBackward(Storage gradOut, Pool2dParams p);

  /** Adaptive average pooling (1x1 output is global average pooling). */
  Storage adaptiveAvgForward(Storage input, AdaptivePool2dParams p);

  /** Backward of {@link #adaptiveAvgForward}. */
  Storage adaptiveAvgBackward(Storage gradOut, AdaptivePool2dParams p);
}
