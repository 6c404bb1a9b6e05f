package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The device paths the kernel-by-kernel tests left out: the fused batch norm + ReLU that {@code
 * Sequential} uses (forward and both backward kernels), batch norm without running statistics,
 * max-pool ties (the gradient goes to the first maximum), ReLU on NaN and -0, and convolutions that
 * give the same bits on every run. Against the float64 reference; skipped with the probe's reason
 * without a GPU.
 */
class CudaNnPathsGpuTest extends GpuKernelTestBase {
  private static final BatchNormParams BN = new BatchNormParams(6, 4, 49, 1e-5, 0.1);

  @Test
  void fusedBatchNormReluForwardAndBothBackwardKernels() {
    SplittableRandom rng = new SplittableRandom(31);
    BatchNormParams p = BN.withRelu(true);
    Storage[] x = both(uniform(rng, p.size(), -2, 2));
    Storage[] w = both(uniform(rng, 4, 0.5, 1.5));
    Storage[] b = both(uniform(rng, 4, -0.5, 0.5));
    Storage[] rm = both(uniform(rng, 4, -0.1, 0.1));
    Storage[] rv = both(uniform(rng, 4, 0.9, 1.1));
    Storage[] g = both(uniform(rng, p.size(), -1, 1));
    boolean[] needs = {true, true, true};
    double gradScale = Math.sqrt(p.perChannel()) * 3;

    NormKernels.TrainResult c = REF.norm().forwardTraining(x[0], w[0], b[0], rm[0], rv[0], p);
    NormKernels.TrainResult d = dev.norm().forwardTraining(x[1], w[1], b[1], rm[1], rv[1], p);
    assertClose("fused training output", c.output(), d.output(), 3);
    assertNoNegative("fused training output", d.output());
    assertClose("fused running var", rv[0], rv[1], 1);
    NormKernels.Grads cg =
        REF.norm()
            .backwardTrainingRelu(
                g[0], c.output(), x[0], w[0], c.saveMean(), c.saveInvStd(), p, needs);
    NormKernels.Grads dg =
        dev.norm()
            .backwardTrainingRelu(
                g[1], d.output(), x[1], w[1], d.saveMean(), d.saveInvStd(), p, needs);
    assertClose("fused training dx", cg.input(), dg.input(), gradScale);
    assertClose("fused training dweight", cg.weight(), dg.weight(), gradScale);
    assertClose("fused training dbias", cg.bias(), dg.bias(), gradScale);

    Storage ci = REF.norm().forwardInference(x[0], w[0], b[0], rm[0], rv[0], p);
    Storage di = dev.norm().forwardInference(x[1], w[1], b[1], rm[1], rv[1], p);
    assertClose("fused inference output", ci, di, 3);
    assertNoNegative("fused inference output", di);
    NormKernels.Grads ig =
        REF.norm().backwardInferenceRelu(g[0], ci, x[0], w[0], rm[0], rv[0], p, needs);
    NormKernels.Grads jg =
        dev.norm().backwardInferenceRelu(g[1], di, x[1], w[1], rm[1], rv[1], p, needs);
    assertClose("fused inference dx", ig.input(), jg.input(), 3);
    assertClose("fused inference dweight", ig.weight(), jg.weight(), gradScale);
    assertClose("fused inference dbias", ig.bias(), jg.bias(), gradScale);
  }

  @Test
  void batchNormWithoutRunningStatistics() {
    SplittableRandom rng = new SplittableRandom(32);
    for (boolean relu : new boolean[] {false, true}) {
      BatchNormParams p = BN.withRelu(relu);
      Storage[] x = both(uniform(rng, p.size(), -3, 1));
      Storage[] w = both(uniform(rng, 4, 0.5, 1.5));
      Storage[] b = both(uniform(rng, 4, -0.5, 0.5));
      NormKernels.TrainResult c = REF.norm().forwardTraining(x[0], w[0], b[0], null, null, p);
      NormKernels.TrainResult d = dev.norm().forwardTraining(x[1], w[1], b[1], null, null, p);
      String what = "no running stats, relu=" + relu;
      assertClose(what + " output", c.output(), d.output(), 3);
      assertClose(what + " saved mean", c.saveMean(), d.saveMean(), 3);
      assertClose(what + " saved inv std", c.saveInvStd(), d.saveInvStd(), 3);
      Storage[] g = both(uniform(rng, p.size(), -1, 1));
      boolean[] needs = {true, false, false};
      NormKernels.Grads dg =
          relu
              ? dev.norm()
                  .backwardTrainingRelu(
                      g[1], d.output(), x[1], w[1], d.saveMean(), d.saveInvStd(), p, needs)
              : dev.norm()
                  .backwardTraining(g[1], x[1], w[1], d.saveMean(), d.saveInvStd(), p, needs);
      NormKernels.Grads cg =
          relu
              ? REF.norm()
                  .backwardTrainingRelu(
                      g[0], c.output(), x[0], w[0], c.saveMean(), c.saveInvStd(), p, needs)
              : REF.norm()
                  .backwardTraining(g[0], x[0], w[0], c.saveMean(), c.saveInvStd(), p, needs);
      assertClose(what + " dx", cg.input(), dg.input(), Math.sqrt(p.perChannel()) * 3);
      assertNull(dg.weight(), "an unrequested gradient stays null");
    }
  }

  @Test
  void maxPoolTiesSendTheGradientToTheFirstMaximum() {
    // Integer levels make many windows hold several equal maxima, overlapping windows included.
    SplittableRandom rng = new SplittableRandom(33);
    for (Pool2dParams p :
        new Pool2dParams[] {
          new Pool2dParams(2, 3, 8, 8, 2, 2, 2, 2, 0, 0, false),
          new Pool2dParams(2, 3, 9, 9, 3, 3, 2, 2, 1, 1, false)
        }) {
      float[] levels = new float[p.inputSize()];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = rng.nextInt(3);
      }
      Storage[] x = both(levels);
      Storage[] g = both(uniform(rng, p.outputSize(), 0.5, 1.5));
      Storage cy = REF.pool().maxForward(x[0], p);
      Storage dy = dev.pool().maxForward(x[1], p);
      assertMatches("max pool forward with ties " + p, cy, dy, 0, 0);
      assertMatches(
          "max pool backward with ties " + p,
          REF.pool().maxBackward(g[0], x[0], cy, p),
          dev.pool().maxBackward(g[1], x[1], dy, p),
          1e-6,
          1e-6);
    }
  }

  @Test
  void reluKeepsNanAndMapsMinusZeroToZeroBitForBit() {
    float[] x = {
      Float.NaN, -0f, 0f, -1f, 2.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-45f
    };
    float[] got = values(dev.elementwise().unary(UnaryOp.RELU, dev.memory().fromFloats(x)));
    float[] want = {Float.NaN, 0f, 0f, 0f, 2.5f, Float.POSITIVE_INFINITY, 0f, 1e-45f};
    for (int i = 0; i < x.length; i++) {
      assertEquals(
          Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "relu(" + x[i] + ")");
    }
  }

  @Test
  void convolutionsGiveTheSameBitsOnEveryRun() {
    SplittableRandom rng = new SplittableRandom(34);
    Conv2dParams p = new Conv2dParams(32, 8, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    float[] xs = uniform(rng, p.inputSize(), -1, 1);
    float[] ws = uniform(rng, p.weightSize(), -1, 1);
    float[] gs = uniform(rng, p.outputSize(), -1, 1);
    float[][] first = convAllDirections(p, xs, ws, gs);
    for (int run = 0; run < 3; run++) {
      float[][] again = convAllDirections(p, xs, ws, gs);
      for (int k = 0; k < first.length; k++) {
        assertArrayEquals(first[k], again[k], "direction " + k + ", run " + run);
      }
    }
  }

  private static float[][] convAllDirections(Conv2dParams p, float[] xs, float[] ws, float[] gs) {
    Storage x = dev.memory().fromFloats(xs);
    Storage w = dev.memory().fromFloats(ws);
    Storage g = dev.memory().fromFloats(gs);
    return new float[][] {
      values(dev.conv().forward(x, w, null, p)),
      values(dev.conv().backwardData(g, w, p)),
      values(dev.conv().backwardWeight(g, x, p))
    };
  }

  private static void assertNoNegative(String what, Storage s) {
    float[] v = values(s);
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0) {
        throw new AssertionError(what + ": element " + i + " is " + v[i] + " after a fused ReLU");
      }
    }
  }
}
