package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cuDNN-backed kernels (and their own-kernel companions) against the float64 reference backend:
 * convolution in all four directions, pooling, batch norm, softmax and dropout.
 */
class CudaVsCpuNnKernelTest extends GpuKernelTestBase {
  private static final Conv2dParams[] CONVS = {
    new Conv2dParams(2, 3, 9, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
    new Conv2dParams(3, 4, 11, 11, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2),
    new Conv2dParams(2, 6, 10, 9, 6, 3, 3, 1, 1, 2, 2, 2, 2, 6),
    new Conv2dParams(4, 8, 7, 7, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1),
    new Conv2dParams(16, 1, 28, 28, 8, 5, 5, 1, 1, 2, 2, 1, 1, 1)
  };

  @Test
  void convolutionMatchesCpuInAllDirections() {
    SplittableRandom rng = new SplittableRandom(11);
    for (Conv2dParams p : CONVS) {
      Storage[] x = both(uniform(rng, p.inputSize(), -1, 1));
      Storage[] w = both(uniform(rng, p.weightSize(), -1, 1));
      Storage[] b = both(uniform(rng, p.outChannels(), -1, 1));
      Storage[] g = both(uniform(rng, p.outputSize(), -1, 1));
      double fan = p.inPerGroup() * p.kernelH() * p.kernelW();
      double tol = 1e-5 * Math.sqrt(fan);
      assertMatches(
          "conv forward " + p,
          REF.conv().forward(x[0], w[0], b[0], p),
          dev.conv().forward(x[1], w[1], b[1], p),
          tol,
          1e-5);
      assertMatches(
          "conv forward without bias " + p,
          REF.conv().forward(x[0], w[0], null, p),
          dev.conv().forward(x[1], w[1], null, p),
          tol,
          1e-5);
      assertMatches(
          "conv backwardData " + p,
          REF.conv().backwardData(g[0], w[0], p),
          dev.conv().backwardData(g[1], w[1], p),
          tol * 2,
          1e-5);
      double perWeight = (double) p.batch() * p.outH() * p.outW();
      assertMatches(
          "conv backwardWeight " + p,
          REF.conv().backwardWeight(g[0], x[0], p),
          dev.conv().backwardWeight(g[1], x[1], p),
          1e-5 * Math.sqrt(perWeight),
          1e-5);
      assertMatches(
          "conv backwardBias " + p,
          REF.conv().backwardBias(g[0], p),
          dev.conv().backwardBias(g[1], p),
          1e-5 * Math.sqrt(perWeight),
          1e-5);
    }
  }

  @Test
  void poolingMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(12);
    Pool2dParams[] pools = {
      new Pool2dParams(2, 3, 8, 8, 2, 2, 2, 2, 0, 0, true),
      new Pool2dParams(2, 3, 9, 7, 3, 3, 2, 2, 1, 1, true),
      new Pool2dParams(2, 3, 9, 7, 3, 3, 2, 2, 1, 1, false),
      new Pool2dParams(1, 4, 10, 10, 3, 2, 1, 2, 1, 0, false)
    };
    for (Pool2dParams p : pools) {
      Storage[] x = both(uniform(rng, p.inputSize(), -1, 1));
      Storage[] g = both(uniform(rng, p.outputSize(), -1, 1));
      Storage cpuMax = REF.pool().maxForward(x[0], p);
      Storage gpuMax = dev.pool().maxForward(x[1], p);
      assertMatches("max forward " + p, cpuMax, gpuMax, 0, 0);
      assertMatches(
          "max backward " + p,
          REF.pool().maxBackward(g[0], x[0], cpuMax, p),
          dev.pool().maxBackward(g[1], x[1], gpuMax, p),
          1e-6,
          1e-6);
      assertMatches(
          "avg forward " + p,
          REF.pool().avgForward(x[0], p),
          dev.pool().avgForward(x[1], p),
          1e-6,
          1e-6);
      assertMatches(
          "avg backward " + p,
          REF.pool().avgBackward(g[0], p),
          dev.pool().avgBackward(g[1], p),
          1e-6,
          1e-6);
    }
    AdaptivePool2dParams[] adaptive = {
      new AdaptivePool2dParams(2, 3, 7, 7, 1, 1),
      new AdaptivePool2dParams(2, 3, 10, 7, 3, 4),
      new AdaptivePool2dParams(1, 2, 5, 5, 7, 6)
    };
    for (AdaptivePool2dParams p : adaptive) {
      int planes = p.batch() * p.channels();
      Storage[] x = both(uniform(rng, planes * p.inH() * p.inW(), -1, 1));
      Storage[] g = both(uniform(rng, planes * p.outH() * p.outW(), -1, 1));
      assertMatches(
          "adaptive forward " + p,
          REF.pool().adaptiveAvgForward(x[0], p),
          dev.pool().adaptiveAvgForward(x[1], p),
          1e-6,
          1e-6);
      assertMatches(
          "adaptive backward " + p,
          REF.pool().adaptiveAvgBackward(g[0], p),
          dev.pool().adaptiveAvgBackward(g[1], p),
          1e-6,
          1e-6);
    }
  }

  @Test
  void batchNormMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(13);
    BatchNormParams p = new BatchNormParams(8, 5, 36, 1e-5, 0.1);
    for (boolean affine : new boolean[] {true, false}) {
      Storage[] x = both(uniform(rng, p.size(), -2, 3));
      Storage[] w = affine ? both(uniform(rng, 5, 0.5, 1.5)) : new Storage[2];
      Storage[] b = affine ? both(uniform(rng, 5, -1, 1)) : new Storage[2];
      Storage[] rm = both(uniform(rng, 5, -0.1, 0.1));
      Storage[] rv = both(uniform(rng, 5, 0.9, 1.1));
      NormKernels.TrainResult c = REF.norm().forwardTraining(x[0], w[0], b[0], rm[0], rv[0], p);
      NormKernels.TrainResult d = dev.norm().forwardTraining(x[1], w[1], b[1], rm[1], rv[1], p);
      String what = "batch norm affine=" + affine;
      assertMatches(what + " output", c.output(), d.output(), 1e-5, 1e-5);
      assertMatches(what + " saved mean", c.saveMean(), d.saveMean(), 1e-6, 1e-5);
      assertMatches(what + " saved inv std", c.saveInvStd(), d.saveInvStd(), 1e-6, 1e-5);
      assertMatches(what + " running mean", rm[0], rm[1], 1e-6, 1e-5);
      assertMatches(what + " running var (unbiased)", rv[0], rv[1], 1e-6, 1e-5);
      Storage[] g = both(uniform(rng, p.size(), -1, 1));
      boolean[] needs = {true, affine, affine};
      NormKernels.Grads cg =
          REF.norm().backwardTraining(g[0], x[0], w[0], c.saveMean(), c.saveInvStd(), p, needs);
      NormKernels.Grads dg =
          dev.norm().backwardTraining(g[1], x[1], w[1], d.saveMean(), d.saveInvStd(), p, needs);
      assertMatches(what + " dx", cg.input(), dg.input(), 1e-5, 1e-4);
      if (affine) {
        assertMatches(what + " dweight", cg.weight(), dg.weight(), 1e-4, 1e-5);
        assertMatches(what + " dbias", cg.bias(), dg.bias(), 1e-4, 1e-5);
      } else {
        assertNull(dg.weight());
        assertNull(dg.bias());
      }
      assertMatches(
          what + " inference",
          REF.norm().forwardInference(x[0], w[0], b[0], rm[0], rv[0], p),
          dev.norm().forwardInference(x[1], w[1], b[1], rm[1], rv[1], p),
          1e-5,
          1e-5);
      NormKernels.Grads ci = REF.norm().backwardInference(g[0], x[0], w[0], rm[0], rv[0], p, needs);
      NormKernels.Grads di = dev.norm().backwardInference(g[1], x[1], w[1], rm[1], rv[1], p, needs);
      assertMatches(what + " inference dx", ci.input(), di.input(), 1e-6, 1e-5);
      if (affine) {
        assertMatches(what + " inference dweight", ci.weight(), di.weight(), 1e-4, 1e-5);
        assertMatches(what + " inference dbias", ci.bias(), di.bias(), 1e-4, 1e-5);
      }
    }
  }

  @Test
  void softmaxMatchesCpu() {
    SplittableRandom rng = new SplittableRandom(14);
    int[][] views = {{1, 10, 1}, {64, 10, 1}, {3, 7, 5}, {2, 1000, 3}, {1, 1, 9}};
    for (int[] v : views) {
      int n = v[0] * v[1] * v[2];
      Storage[] x = both(uniform(rng, n, -8, 8));
      Storage[] g = both(uniform(rng, n, -1, 1));
      for (boolean log : new boolean[] {false, true}) {
        String what = (log ? "log_softmax " : "softmax ") + java.util.Arrays.toString(v);
        Storage cy = REF.softmax().forward(x[0], v[0], v[1], v[2], log);
        Storage dy = dev.softmax().forward(x[1], v[0], v[1], v[2], log);
        assertMatches(what + " forward", cy, dy, 1e-6, 1e-5);
        assertMatches(
            what + " backward",
            REF.softmax().backward(g[0], cy, v[0], v[1], v[2], log),
            dev.softmax().backward(g[1], dy, v[0], v[1], v[2], log),
            1e-5,
            1e-4);
      }
    }
  }

  @Test
  void channelDropoutEqualsCpuForTheSameGeneratorState() {
    SplittableRandom rng = new SplittableRandom(15);
    Shape s = Shape.of(4, 6, 5, 5);
    Storage[] x = both(uniform(rng, s.numel(), -1, 1));
    Storage[] g = both(uniform(rng, s.numel(), -1, 1));
    DropoutKernels.Result c = REF.dropout().forward(x[0], s, 0.4, true, new Generator(9));
    DropoutKernels.Result d = dev.dropout().forward(x[1], s, 0.4, true, new Generator(9));
    // The same units are kept; the float64 reference scales by 1/(1-p) without float rounding.
    assertMatches("dropout2d forward", c.output(), d.output(), 0, 1.2e-7);
    assertMatches(
        "dropout2d backward",
        REF.dropout().backward(g[0], c.mask(), s, 0.4, true),
        dev.dropout().backward(g[1], d.mask(), s, 0.4, true),
        0,
        1.2e-7);
  }

  @Test
  void elementDropoutKeepsTheRightFractionScalesAndIsReproducible() {
    SplittableRandom rng = new SplittableRandom(16);
    int n = 200_000;
    double p = 0.3;
    Shape s = Shape.of(n);
    float[] xs = uniform(rng, n, 0.5, 1.5);
    Storage x = dev.memory().fromFloats(xs);
    DropoutKernels.Result r = dev.dropout().forward(x, s, p, false, new Generator(21));
    float[] y = values(r.output());
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (y[i] != 0) {
        kept++;
        assertEquals(xs[i] / (1 - p), y[i], 1e-5 * Math.abs(y[i]), "kept element scaled");
      }
    }
    double sigma = Math.sqrt(n * p * (1 - p));
    assertTrue(Math.abs(kept - n * (1 - p)) < 6 * sigma, "kept " + kept + " of " + n);
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    float[] dx =
        values(dev.dropout().backward(dev.memory().fromFloats(ones), r.mask(), s, p, false));
    for (int i = 0; i < n; i++) {
      assertEquals(y[i] == 0 ? 0f : (float) (1 / (1 - p)), dx[i], 1e-5f, "same mask at " + i);
    }
    float[] again = values(dev.dropout().forward(x, s, p, false, new Generator(21)).output());
    assertArrayEquals(y, again, "the same generator state gives the same mask");
    Storage none = dev.dropout().forward(x, s, 0.0, false, new Generator(1)).output();
    assertArrayEquals(xs, values(none), "p = 0 keeps everything");
  }
}
