package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/** Negative log-likelihood with mean reduction; targets are validated by the caller. */
public interface LossKernels {
  /** -(1/N) Σ_i logProbs[i, targets[i]] as a one-element buffer. */
  Storage nllForward(Storage logProbs, int[] targets, int batch, int classes);

  /** Gradient w.r.t. logProbs given the scalar upstream gradient {@code gradLoss}. */
  Storage nllBackward(Storage gradLoss, int[] targets, int batch, int classes);
}
