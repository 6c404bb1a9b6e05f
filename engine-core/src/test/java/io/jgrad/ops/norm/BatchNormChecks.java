package io.jgrad.ops.norm;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.GradCheck;

/**
 * What the batch-norm gradient checks share: the inputs (input, then weight and bias of [C] drawn
 * from the same generator) and the function under test, {@code batchNorm2d} or {@code
 * batchNorm2dRelu} of the check's inputs. The running statistics are made fresh inside every
 * evaluation, so the in-place update during training cannot leak from one evaluation into the next.
 */
final class BatchNormChecks {
  private BatchNormChecks() {}

  /** A batch norm with the signature of {@code Functional.batchNorm2d}. */
  @FunctionalInterface
  interface Norm {
    Tensor apply(
        Tensor input,
        Tensor runningMean,
        Tensor runningVar,
        Tensor weight,
        Tensor bias,
        boolean training,
        double momentum,
        double eps);
  }

  /** A check of a random input of {@code shape} [N, C, H, W], with no weight and bias. */
  static GradCheck input(String name, Generator gen, int... shape) {
    return GradCheck.of(name).randomInput("input", gen, shape);
  }

  /** A check of a random input of {@code shape} [N, C, H, W], then a random weight and bias. */
  static GradCheck affine(String name, Generator gen, int... shape) {
    return withWeightAndBias(input(name, gen, shape), gen, shape[1]);
  }

  /** {@code check} with a random weight and bias of [channels] added. */
  static GradCheck withWeightAndBias(GradCheck check, Generator gen, int channels) {
    return check.randomInput("weight", gen, channels).randomInput("bias", gen, channels);
  }

  /** {@code norm} in training mode with fresh running statistics. */
  static GradCheck.Fn training(Norm norm, double momentum, double eps) {
    return of(norm, true, true, momentum, eps);
  }

  /** {@code norm} in training mode without running statistics. */
  static GradCheck.Fn trainingWithoutRunningStats(Norm norm, double eps) {
    return of(norm, true, false, 0.1, eps);
  }

  /** {@code norm} in evaluation mode: the running statistics are constants. */
  static GradCheck.Fn evaluation(Norm norm) {
    return of(norm, false, true, 0.1, 1e-5);
  }

  /** Running mean 0.1 c - 0.2 for channel c. */
  static Tensor runningMean(int channels) {
    double[] m = new double[channels];
    for (int i = 0; i < channels; i++) {
      m[i] = 0.1 * i - 0.2;
    }
    return Tensors.fromDoubles(m, Shape.of(channels), Device.REFERENCE);
  }

  /** Running variance 0.5 + 0.25 c for channel c. */
  static Tensor runningVar(int channels) {
    double[] v = new double[channels];
    for (int i = 0; i < channels; i++) {
      v[i] = 0.5 + 0.25 * i;
    }
    return Tensors.fromDoubles(v, Shape.of(channels), Device.REFERENCE);
  }

  private static GradCheck.Fn of(
      Norm norm, boolean training, boolean runningStats, double momentum, double eps) {
    return xs -> {
      int c = xs.get(0).shape().dim(1);
      boolean affine = xs.size() == 3;
      return norm.apply(
          xs.get(0),
          runningStats ? runningMean(c) : null,
          runningStats ? runningVar(c) : null,
          affine ? xs.get(1) : null,
          affine ? xs.get(2) : null,
          training,
          momentum,
          eps);
    };
  }
}
