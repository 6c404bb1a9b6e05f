package io.jgrad.ops.norm;

import static io.jgrad.ops.norm.BatchNormChecks.affine;
import static io.jgrad.ops.norm.BatchNormChecks.evaluation;
import static io.jgrad.ops.norm.BatchNormChecks.input;
import static io.jgrad.ops.norm.BatchNormChecks.training;
import static io.jgrad.ops.norm.BatchNormChecks.trainingWithoutRunningStats;
import static io.jgrad.ops.norm.BatchNormChecks.withWeightAndBias;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of batch_norm2d in training mode (gradient through the batch statistics)
 * and evaluation mode (running statistics are constants), affine and not. The running statistics
 * are made fresh inside the function ({@link BatchNormChecks}), so the in-place update during
 * training cannot leak from one evaluation into the next.
 */
class BatchNorm2dGradTest {
  private static final BatchNormChecks.Norm BN = Functional::batchNorm2d;

  @Test
  void trainAffine() {
    affine("batch_norm2d train affine", new Generator(1), 2, 3, 3, 3)
        .check(training(BN, 0.1, 1e-5));
  }

  @Test
  void trainNonAffine() {
    input("batch_norm2d train non-affine", new Generator(2), 3, 2, 2, 3)
        .check(training(BN, 0.1, 1e-5));
  }

  @Test
  void trainWithoutRunningStatsBatchOne() {
    affine("batch_norm2d train, batch 1, no running stats", new Generator(3), 1, 2, 3, 3)
        .check(trainingWithoutRunningStats(BN, 1e-3));
  }

  @Test
  void trainOffsetMeanLargeFastMode() {
    Generator gen = new Generator(4);
    double[] x = GradCheck.randn(gen, 4 * 3 * 7 * 7);
    for (int i = 0; i < x.length; i++) {
      x[i] = 3 + 0.5 * x[i];
    }
    GradCheck check =
        GradCheck.of("batch_norm2d train, mean 3 std 0.5").input("input", Shape.of(4, 3, 7, 7), x);
    withWeightAndBias(check, gen, 3).check(training(BN, 0.2, 1e-5));
  }

  @Test
  void evalAffine() {
    affine("batch_norm2d eval affine", new Generator(5), 2, 3, 3, 3).check(evaluation(BN));
  }

  @Test
  void evalNonAffine() {
    input("batch_norm2d eval non-affine", new Generator(6), 2, 4, 2, 2).check(evaluation(BN));
  }
}
