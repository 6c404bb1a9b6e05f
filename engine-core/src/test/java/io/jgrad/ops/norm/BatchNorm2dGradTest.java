package io.jgrad.ops.norm;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of batch_norm2d in training mode (gradient through the batch statistics)
 * and evaluation mode (running statistics are constants), affine and not. The running statistics
 * are made fresh inside the function, so the in-place update during training cannot leak from one
 * evaluation into the next.
 */
class BatchNorm2dGradTest {
  private static Tensor runningMean(int c) {
    double[] m = new double[c];
    for (int i = 0; i < c; i++) {
      m[i] = 0.1 * i - 0.2;
    }
    return Tensors.fromDoubles(m, Shape.of(c), Device.REFERENCE);
  }

  private static Tensor runningVar(int c) {
    double[] v = new double[c];
    for (int i = 0; i < c; i++) {
      v[i] = 0.5 + 0.25 * i;
    }
    return Tensors.fromDoubles(v, Shape.of(c), Device.REFERENCE);
  }

  @Test
  void trainAffine() {
    Generator gen = new Generator(1);
    GradCheck.of("batch_norm2d train affine")
        .randomInput("input", gen, 2, 3, 3, 3)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0),
                    runningMean(3),
                    runningVar(3),
                    xs.get(1),
                    xs.get(2),
                    true,
                    0.1,
                    1e-5));
  }

  @Test
  void trainNonAffine() {
    Generator gen = new Generator(2);
    GradCheck.of("batch_norm2d train non-affine")
        .randomInput("input", gen, 3, 2, 2, 3)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0), runningMean(2), runningVar(2), null, null, true, 0.1, 1e-5));
  }

  @Test
  void trainWithoutRunningStatsBatchOne() {
    Generator gen = new Generator(3);
    GradCheck.of("batch_norm2d train, batch 1, no running stats")
        .randomInput("input", gen, 1, 2, 3, 3)
        .randomInput("weight", gen, 2)
        .randomInput("bias", gen, 2)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0), null, null, xs.get(1), xs.get(2), true, 0.1, 1e-3));
  }

  @Test
  void trainOffsetMeanLargeFastMode() {
    Generator gen = new Generator(4);
    double[] x = GradCheck.randn(gen, 4 * 3 * 7 * 7);
    for (int i = 0; i < x.length; i++) {
      x[i] = 3 + 0.5 * x[i];
    }
    GradCheck.of("batch_norm2d train, mean 3 std 0.5")
        .input("input", Shape.of(4, 3, 7, 7), x)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0),
                    runningMean(3),
                    runningVar(3),
                    xs.get(1),
                    xs.get(2),
                    true,
                    0.2,
                    1e-5));
  }

  @Test
  void evalAffine() {
    Generator gen = new Generator(5);
    GradCheck.of("batch_norm2d eval affine")
        .randomInput("input", gen, 2, 3, 3, 3)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0),
                    runningMean(3),
                    runningVar(3),
                    xs.get(1),
                    xs.get(2),
                    false,
                    0.1,
                    1e-5));
  }

  @Test
  void evalNonAffine() {
    Generator gen = new Generator(6);
    GradCheck.of("batch_norm2d eval non-affine")
        .randomInput("input", gen, 2, 4, 2, 2)
        .check(
            xs ->
                Functional.batchNorm2d(
                    xs.get(0), runningMean(4), runningVar(4), null, null, false, 0.1, 1e-5));
  }
}
