package io.jgrad.ops.norm;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import io.jgrad.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * Float64 central-difference gradient checks of the fused batch norm + ReLU, in training mode
 * (gradient through the batch statistics and the ReLU mask) and evaluation mode, affine and not,
 * and its forward pass against batch norm followed by ReLU on the reference backend. The running
 * statistics are made fresh inside each evaluation so the in-place update cannot leak between them.
 */
class BatchNorm2dReluGradTest {
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
    Generator gen = new Generator(21);
    GradCheck.of("batch_norm2d_relu train affine")
        .randomInput("input", gen, 3, 3, 3, 3)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2dRelu(
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
  void trainNonAffineWithoutRunningStats() {
    Generator gen = new Generator(22);
    GradCheck.of("batch_norm2d_relu train non-affine")
        .randomInput("input", gen, 3, 2, 2, 3)
        .check(
            xs -> Functional.batchNorm2dRelu(xs.get(0), null, null, null, null, true, 0.1, 1e-5));
  }

  @Test
  void trainLargeFastMode() {
    Generator gen = new Generator(23);
    GradCheck.of("batch_norm2d_relu train, fast mode")
        .randomInput("input", gen, 4, 3, 7, 7)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2dRelu(
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
    Generator gen = new Generator(24);
    GradCheck.of("batch_norm2d_relu eval affine")
        .randomInput("input", gen, 2, 3, 3, 3)
        .randomInput("weight", gen, 3)
        .randomInput("bias", gen, 3)
        .check(
            xs ->
                Functional.batchNorm2dRelu(
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
