package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.BatchNormParams;

/**
 * Batch normalization. {@code weight} and {@code bias} are null when the layer is not affine;
 * {@code runningMean} and {@code runningVar} are null when it tracks no running statistics.
 */
public interface NormKernels {
  /** The result of a training-mode forward pass. */
  record TrainResult(Storage output, Storage saveMean, Storage saveInvStd) {}

  /** Input and parameter gradients; a gradient is null when it was not asked for. */
  record Grads(Storage input, Storage weight, Storage bias) {}

  /**
   * Normalizes with batch statistics (biased variance) and updates the running statistics in place
   * with the unbiased variance.
   */
  TrainResult forwardTraining(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p);

  /** Normalizes with the running statistics. */
  Storage forwardInference(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p);

  /** Backward of {@link #forwardTraining}: the gradient flows through the batch statistics. */
  Grads backwardTraining(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad);

  /** Backward of {@link #forwardInference}: statistics are constants. */
  Grads backwardInference(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad);
}
