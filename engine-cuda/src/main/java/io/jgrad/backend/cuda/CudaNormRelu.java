package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;

/**
 * The fused-ReLU half of {@link CudaNorm}. cuDNN's batch-norm API has no fused activation, so the
 * forward kernels clamp their output in place afterwards ({@link #reluInPlace}, {@code norm.cu}),
 * and the backward masks the output gradient with the element-wise ReLU backward, then runs the
 * plain batch-norm backward on the masked gradient.
 */
abstract class CudaNormRelu implements NormKernels {
  private final CudaBackend backend;

  CudaNormRelu(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Grads backwardTrainingRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad) {
    try (Storage g = masked(gradOut, output)) {
      return backwardTraining(g, input, weight, saveMean, saveInvStd, p.withRelu(false), needsGrad);
    }
  }

  @Override
  public Grads backwardInferenceRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    try (Storage g = masked(gradOut, output)) {
      return backwardInference(
          g, input, weight, runningMean, runningVar, p.withRelu(false), needsGrad);
    }
  }

  /** ReLU's backward: gradOut where the fused output is positive, else 0 (a new buffer). */
  private Storage masked(Storage gradOut, Storage output) {
    return backend.elementwise().binary(BinaryOp.RELU_BACKWARD, output, gradOut);
  }

  /** Clamps {@code y} to max(y, 0) in place (NaN kept) when {@code p} has a fused ReLU. */
  final void reluInPlace(CudaStorage y, BatchNormParams p, String what) {
    if (!p.relu()) {
      return;
    }
    StreamContext sc = backend.stream();
    Launch.args()
        .ptr(y.pointer(sc))
        .i(p.size())
        .run(
            sc,
            backend.kernels().function("norm.cu", "bn_relu_inplace"),
            Launch.blocks(p.size()),
            Launch.THREADS,
            0,
            what + " fused relu");
    CudaStorage.keepAlive(y);
  }
}
