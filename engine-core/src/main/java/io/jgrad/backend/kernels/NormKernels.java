package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.BatchNormParams;

/**
 * Batch normalization. {@code weight} and {@code bias} are null when the layer is not affine;
 * {@code runningMean} and {@code runningVar} are null when it tracks no running statistics.
 *
 * <p>Fused ReLU: with {@link BatchNormParams#relu()} set, both forward kernels write max(0, BN(x))
 * in the same pass, and {@link #backwardTrainingRelu} / {@link #backwardInferenceRelu} take that
 * output and apply ReLU's gradient mask (output &gt; 0) before the batch-norm backward. The plain
 * backward kernels reject such params. On the CPU the fused op is bit-identical to batch norm
 * followed by ReLU.
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

  /**
   * Backward of {@link #forwardTraining} without a fused ReLU: the gradient flows through the batch
   * statistics.
   */
  Grads backwardTraining(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad);

  /** Backward of {@link #forwardInference} without a fused ReLU: statistics are constants. */
  Grads backwardInference(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad);

  /**
   * Backward of {@link #forwardTraining} with a fused ReLU: {@code gradOut} is masked with ({@code
   * output} &gt; 0), then flows back as in {@link #backwardTraining}.
   *
   * @param output the fused forward's result, max(0, BN(x))
   */
  Grads backwardTrainingRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad);

  /**
   * Backward of {@link #forwardInference} with a fused ReLU: {@code gradOut} is masked with ({@code
   * output} &gt; 0), then flows back as in {@link #backwardInference}.
   *
   * @param output the fused forward's result, max(0, BN(x))
   */
  Grads backwardInferenceRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad);

  /**
   * Returns {@code p} for a plain backward kernel, which has no output to mask with.
   *
   * @throws IllegalArgumentException when {@code p} carries a fused ReLU
   */
  static BatchNormParams requirePlain(BatchNormParams p) {
    if (p.relu()) {
      throw new IllegalArgumentException(
          "batch_norm: params with a fused ReLU need the *Relu backward kernel (it takes the"
              + " output), got the plain one");
    }
    return p;
  }
}
