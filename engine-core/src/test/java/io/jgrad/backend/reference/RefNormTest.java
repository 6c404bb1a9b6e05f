package io.jgrad.backend.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The reference batch norm pinned by hand-computed statistics and finite differences. */
class RefNormTest {
  private static final double EPS = 1e-5;
  private final RefBackend ref = new RefBackend();

  @Test
  void trainingUsesBatchStatisticsAndUpdatesRunningOnesUnbiased() {
    // two samples, two channels, two positions: channel 0 holds 1, 2 | 3, 6; channel 1 holds
    // 5, 5 | 5, 9. Channel 0: mean 3, biased var (4 + 1 + 0 + 9) / 4 = 3.5, unbiased 14 / 3.
    // Channel 1: mean 6, biased var (1 + 1 + 1 + 9) / 4 = 3, unbiased 4.
    BatchNormParams p = new BatchNormParams(2, 2, 2, EPS, 0.1);
    double[] x = {1, 2, 5, 5, 3, 6, 5, 9};
    double[] rm = {0, 1};
    double[] rv = {1, 2};
    NormKernels.TrainResult r =
        ref.norm()
            .forwardTraining(
                ref.wrap(x),
                ref.wrap(new double[] {2, 1}),
                ref.wrap(new double[] {1, 0}),
                ref.wrap(rm),
                ref.wrap(rv),
                p);
    double s0 = 1 / Math.sqrt(3.5 + EPS);
    double s1 = 1 / Math.sqrt(3 + EPS);
    assertArrayEquals(new double[] {3, 6}, RefStorage.data(r.saveMean()), 1e-15);
    assertArrayEquals(new double[] {s0, s1}, RefStorage.data(r.saveInvStd()), 1e-15);
    double[] expected = {
      -2 * s0 * 2 + 1,
      -1 * s0 * 2 + 1,
      -1 * s1,
      -1 * s1,
      0 * s0 * 2 + 1,
      3 * s0 * 2 + 1,
      -1 * s1,
      3 * s1
    };
    assertArrayEquals(expected, RefStorage.data(r.output()), 1e-12);
    assertArrayEquals(new double[] {0.3, 0.9 + 0.6}, rm, 1e-12);
    assertArrayEquals(new double[] {0.9 + 0.1 * 14 / 3, 1.8 + 0.4}, rv, 1e-12);
  }

  @Test
  void inferenceUsesRunningStatistics() {
    BatchNormParams p = new BatchNormParams(1, 1, 3, EPS, 0.1);
    Storage y =
        ref.norm()
            .forwardInference(
                ref.wrap(new double[] {1, 2, 4}),
                null,
                null,
                ref.wrap(new double[] {2}),
                ref.wrap(new double[] {4 - EPS}),
                p);
    assertArrayEquals(new double[] {-0.5, 0, 1}, RefStorage.data(y), 1e-12);
  }

  @Test
  void trainingGradientsMatchFiniteDifferences() {
    BatchNormParams p = new BatchNormParams(3, 2, 4, EPS, 0.1);
    Random rnd = new Random(3);
    double[] x = random(rnd, p.size(), 3, 0.5);
    double[] w = random(rnd, 2, 0, 1);
    double[] b = random(rnd, 2, 0, 1);
    double[] g = random(rnd, p.size(), 0, 1);
    NormKernels.TrainResult r =
        ref.norm().forwardTraining(ref.wrap(x), ref.wrap(w), ref.wrap(b), null, null, p);
    NormKernels.Grads grads =
        ref.norm()
            .backwardTraining(
                ref.wrap(g),
                ref.wrap(x),
                ref.wrap(w),
                r.saveMean(),
                r.saveInvStd(),
                p,
                new boolean[] {true, true, true});
    Function<double[][], double[]> f =
        v ->
            RefStorage.data(
                ref.norm()
                    .forwardTraining(ref.wrap(v[0]), ref.wrap(v[1]), ref.wrap(v[2]), null, null, p)
                    .output());
    double[][] vars = {x, w, b};
    Storage[] analytic = {grads.input(), grads.weight(), grads.bias()};
    for (int v = 0; v < 3; v++) {
      assertArrayEquals(
          numericGradient(f, vars, v, g), RefStorage.data(analytic[v]), 1e-6, "variable " + v);
    }
  }

  @Test
  void inferenceGradientsMatchFiniteDifferences() {
    BatchNormParams p = new BatchNormParams(2, 3, 5, EPS, 0.1);
    Random rnd = new Random(4);
    double[] x = random(rnd, p.size(), 0, 1);
    double[] w = random(rnd, 3, 0, 1);
    double[] b = random(rnd, 3, 0, 1);
    double[] g = random(rnd, p.size(), 0, 1);
    Storage rm = ref.wrap(random(rnd, 3, 0, 1));
    Storage rv = ref.wrap(random(rnd, 3, 2, 0.5));
    NormKernels.Grads grads =
        ref.norm()
            .backwardInference(
                ref.wrap(g), ref.wrap(x), ref.wrap(w), rm, rv, p, new boolean[] {true, true, true});
    Function<double[][], double[]> f =
        v ->
            RefStorage.data(
                ref.norm()
                    .forwardInference(ref.wrap(v[0]), ref.wrap(v[1]), ref.wrap(v[2]), rm, rv, p));
    double[][] vars = {x, w, b};
    Storage[] analytic = {grads.input(), grads.weight(), grads.bias()};
    for (int v = 0; v < 3; v++) {
      assertArrayEquals(
          numericGradient(f, vars, v, g), RefStorage.data(analytic[v]), 1e-6, "variable " + v);
    }
  }

  @Test
  void nonAffineAndUnrequestedGradientsAreNull() {
    BatchNormParams p = new BatchNormParams(2, 1, 2, EPS, 0.1);
    Storage x = ref.wrap(new double[] {1, 2, 3, 4});
    NormKernels.TrainResult r = ref.norm().forwardTraining(x, null, null, null, null, p);
    NormKernels.Grads grads =
        ref.norm()
            .backwardTraining(
                ref.wrap(new double[] {1, 0, 0, 0}),
                x,
                null,
                r.saveMean(),
                r.saveInvStd(),
                p,
                new boolean[] {false, true, true});
    assertNull(grads.input());
    assertNull(grads.weight());
    assertNull(grads.bias());
    // a constant gradient has no component along any normalized direction
    NormKernels.Grads flat =
        ref.norm()
            .backwardTraining(
                ref.wrap(new double[] {2, 2, 2, 2}),
                x,
                null,
                r.saveMean(),
                r.saveInvStd(),
                p,
                new boolean[] {true, false, false});
    for (double v : RefStorage.data(flat.input())) {
      assertEquals(0, v, 1e-12);
    }
  }

  /** Central differences of sum(f(vars) * g) with respect to vars[which]. */
  private static double[] numericGradient(
      Function<double[][], double[]> f, double[][] vars, int which, double[] g) {
    double h = 1e-6;
    double[] out = new double[vars[which].length];
    for (int i = 0; i < out.length; i++) {
      double keep = vars[which][i];
      vars[which][i] = keep + h;
      double plus = dot(f.apply(vars), g);
      vars[which][i] = keep - h;
      double minus = dot(f.apply(vars), g);
      vars[which][i] = keep;
      out[i] = (plus - minus) / (2 * h);
    }
    return out;
  }

  private static double[] random(Random rnd, int n, double mean, double std) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = mean + std * rnd.nextGaussian();
    }
    return a;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
