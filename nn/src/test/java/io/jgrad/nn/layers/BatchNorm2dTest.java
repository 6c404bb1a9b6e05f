package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * Train/eval switching of {@link BatchNorm2d}: batch statistics and running-stat updates in
 * training, running statistics in evaluation. Expected values are computed here in double.
 */
class BatchNorm2dTest {
  private static final int N = 4;
  private static final int C = 2;
  private static final int HW = 9;

  private static Tensor input() {
    Generator g = new Generator(5);
    float[] x = new float[N * C * HW];
    for (int i = 0; i < x.length; i++) {
      int c = (i / HW) % C;
      x[i] = (float) (c * 3 + (c + 1) * g.nextGaussian()); // channel c: mean 3c, std c+1
    }
    return Tensors.fromArray(x, N, C, 3, 3);
  }

  /** Per channel: {mean, biased var, unbiased var}. */
  private static double[][] stats(float[] x) {
    double[][] s = new double[C][3];
    int n = N * HW;
    for (int c = 0; c < C; c++) {
      double sum = 0;
      for (int b = 0; b < N; b++) {
        for (int k = 0; k < HW; k++) {
          sum += x[(b * C + c) * HW + k];
        }
      }
      double mean = sum / n;
      double sq = 0;
      for (int b = 0; b < N; b++) {
        for (int k = 0; k < HW; k++) {
          double d = x[(b * C + c) * HW + k] - mean;
          sq += d * d;
        }
      }
      s[c] = new double[] {mean, sq / n, sq / (n - 1)};
    }
    return s;
  }

  private static double[] normalize(float[] x, double[] mean, double[] var, double eps) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int c = (i / HW) % C;
      y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + eps);
    }
    return y;
  }

  @Test
  void trainingUsesBatchStatisticsAndUpdatesRunningStats() {
    BatchNorm2d bn = new BatchNorm2d(C, 1e-5, 0.1);
    Tensor x = input();
    float[] xs = x.toArray();
    double[][] st = stats(xs);
    Tensor y = bn.forward(x);
    double[] mean = {st[0][0], st[1][0]};
    double[] var = {st[0][1], st[1][1]};
    Tolerances.assertClose("train output", normalize(xs, mean, var, 1e-5), y.toArray(), 1e-5, 1e-4);
    double[] rm = {0.1 * st[0][0], 0.1 * st[1][0]};
    double[] rv = {0.9 + 0.1 * st[0][2], 0.9 + 0.1 * st[1][2]};
    Tolerances.assertClose("running_mean", rm, bn.runningMean().toArray(), 1e-6, 1e-5);
    Tolerances.assertClose("running_var", rv, bn.runningVar().toArray(), 1e-6, 1e-5);
    assertEquals(1f, bn.numBatchesTracked().item());
    bn.forward(x);
    assertEquals(2f, bn.numBatchesTracked().item());
  }

  @Test
  void evaluationUsesRunningStatisticsAndLeavesThemAlone() {
    BatchNorm2d bn = new BatchNorm2d(C);
    bn.runningMean().copyFrom(Tensors.fromArray(new float[] {0.5f, -1f}, C));
    bn.runningVar().copyFrom(Tensors.fromArray(new float[] {2f, 0.25f}, C));
    bn.eval();
    Tensor x = input();
    Tensor y = bn.forward(x);
    double[] expected =
        normalize(x.toArray(), new double[] {0.5, -1}, new double[] {2, 0.25}, 1e-5);
    Tolerances.assertClose("eval output", expected, y.toArray(), 1e-5, 1e-4);
    assertEquals(0f, bn.numBatchesTracked().item());
    Tolerances.assertClose(
        "running_mean unchanged", new double[] {0.5, -1}, bn.runningMean().toArray(), 0, 0);
  }

  @Test
  void withoutTrackedStatisticsBatchStatisticsAreUsedInEval() {
    BatchNorm2d bn = new BatchNorm2d(C, 1e-5, 0.1, false, false);
    bn.eval();
    Tensor x = input();
    double[][] st = stats(x.toArray());
    double[] expected =
        normalize(
            x.toArray(),
            new double[] {st[0][0], st[1][0]},
            new double[] {st[0][1], st[1][1]},
            1e-5);
    Tolerances.assertClose("untracked eval", expected, bn.forward(x).toArray(), 1e-5, 1e-4);
  }

  @Test
  void wrongChannelCountIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(input()));
    assertTrue(
        e.getMessage().contains("num_features=3") && e.getMessage().contains("[4, 2, 3, 3]"),
        e.getMessage());
  }
}
