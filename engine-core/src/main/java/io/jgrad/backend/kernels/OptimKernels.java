package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;

/** Optimizer updates fused into one pass per parameter, in place (PyTorch 1.13 semantics). */
public interface OptimKernels {
  /**
   * One SGD step. {@code momentumBuffer} is null when momentum is 0; on the first step ({@code
   * firstStep}) the buffer is set to the gradient instead of being decayed.
   */
  void sgdStep(Storage param, Storage grad, Storage momentumBuffer, SgdParams p, boolean firstStep);

  /** One Adam / AdamW step number {@code step} (1-based), updating both moment buffers. */
  void adamStep(
      Storage param, Storage grad, Storage expAvg, Storage expAvgSq, AdamParams p, int step);
}
