package io.jgrad.ops.norm;

import static io.jgrad.ops.norm.BatchNormChecks.affine;
import static io.jgrad.ops.norm.BatchNormChecks.evaluation;
import static io.jgrad.ops.norm.BatchNormChecks.input;
import static io.jgrad.ops.norm.BatchNormChecks.runningMean;
import static io.jgrad.ops.norm.BatchNormChecks.runningVar;
import static io.jgrad.ops.norm.BatchNormChecks.training;
import static io.jgrad.ops.norm.BatchNormChecks.trainingWithoutRunningStats;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * Float64 central-difference gradient checks of the fused batch norm + ReLU, in training mode
 * (gradient through the batch statistics and the ReLU mask) and evaluation mode, affine and not,
 * and its forward pass against batch norm followed by ReLU on the reference backend. The running
 * statistics are made fresh inside each evaluation ({@link BatchNormChecks}) so the in-place update
 * cannot leak between them.
 */
class BatchNorm2dReluGradTest {
  private static final BatchNormChecks.Norm BN_RELU = Functional::batchNorm2dRelu;

  @Test
  void trainAffine() {
    affine("batch_norm2d_relu train affine", new Generator(21), 3, 3, 3, 3)
        .check(training(BN_RELU, 0.1, 1e-5));
  }

  @Test
  void trainNonAffineWithoutRunningStats() {
    input("batch_norm2d_relu train non-affine", new Generator(22), 3, 2, 2, 3)
        .check(trainingWithoutRunningStats(BN_RELU, 1e-5));
  }

  @Test
  void trainLargeFastMode() {
    affine("batch_norm2d_relu train, fast mode", new Generator(23), 4, 3, 7, 7)
        .check(training(BN_RELU, 0.2, 1e-5));
  }

  @Test
  void evalAffine() {
    affine("batch_norm2d_relu eval affine", new Generator(24), 2, 3, 3, 3)
        .check(evaluation(BN_RELU));
  }

  @Test
  void forwardEqualsBatchNormThenReluOnReference() {
    for (boolean training : new boolean[] {true, false}) {
      Generator gen = new Generator(25);
      Tensor x = Tensors.randn(gen, Shape.of(3, 4, 5, 2), Device.REFERENCE);
      Tensor w = Tensors.randn(gen, Shape.of(4), Device.REFERENCE);
      Tensor b = Tensors.randn(gen, Shape.of(4), Device.REFERENCE);
      Tensor fused =
          Functional.batchNorm2dRelu(x, runningMean(4), runningVar(4), w, b, training, 0.1, 1e-5);
      Tensor twoOps =
          Functional.relu(
              Functional.batchNorm2d(x, runningMean(4), runningVar(4), w, b, training, 0.1, 1e-5));
      Tolerances.assertClose(
          "fused vs batch norm then relu, training " + training,
          Tolerances.toDoubles(twoOps.toArray()),
          Tolerances.toDoubles(fused.toArray()),
          1e-12,
          1e-12);
    }
  }
}
