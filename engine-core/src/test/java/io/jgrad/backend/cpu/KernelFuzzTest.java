package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the fast CPU kernels against the double-precision reference: thousands of
 * random shapes and attributes per kernel family (convolution, pooling, batch norm with and without
 * the fused ReLU, matrix products, softmax, sums, expand), run under several thread counts so that
 * the work splits unevenly across workers and tiles, and every trial again on one thread: the
 * results of both runs must be the same bits ({@link ThreadFuzz}). {@link
 * KernelFuzzOtherFamiliesTest} does the same for the remaining kernel families.
 *
 * <p>Every trial draws its own seed from the family's base seed; a failure reports the base seed,
 * the trial's seed, the thread count and the configuration. Re-run one family with another base
 * seed with {@code -Djgrad.fuzz.seed=N}.
 *
 * <p>Tolerances: {@code |cpu - ref| <= atol + 1e-4 |ref|} with {@code atol = 1e-5 * scale + 1e-6},
 * where {@code scale} is the larger of the largest reference value and {@code sqrt(K) * max|a| *
 * max|b|} for a reduction of length {@code K} over products of {@code a} and {@code b} (float
 * rounding of a K-term sum grows like {@code sqrt(K)} times the term size, and 1e-5 leaves two
 * orders of magnitude over float's 6e-8 unit roundoff).
 */
class KernelFuzzTest {
  private static final long BASE_SEED = Long.getLong("jgrad.fuzz.seed", 0x6A67726164L);

  private final CpuBackend cpu = new CpuBackend();
  private final ThreadFuzz harness = new ThreadFuzz(BASE_SEED);

  @Test
  void convolutionForwardAndAllThreeGradients() {
    int[] features = new int[4]; // grouped, depthwise, strided or dilated, padded
    fuzz(
        "conv",
        1600,
        (rnd, config) -> {
          Conv2dParams p = randomConv(rnd);
          features[0] += p.groups() > 1 ? 1 : 0;
          features[1] += p.groups() > 1 && p.groups() == p.inChannels() ? 1 : 0;
          features[2] += p.strideH() * p.strideW() * p.dilationH() * p.dilationW() > 1 ? 1 : 0;
          features[3] += p.padH() + p.padW() > 0 ? 1 : 0;
          boolean withBias = rnd.nextBoolean();
          config.append(p).append(withBias ? " with bias" : " without bias");
          checkConv(rnd, p, withBias);
        });
    for (int f : features) {
      assertTrue(f > 150, "the mix covers every feature: " + Arrays.toString(features));
    }
  }

  @Test
  void maxAndAveragePoolingForwardAndBackward() {
    fuzz(
        "pool",
        1500,
        (rnd, config) -> {
          Pool2dParams p = randomPool(rnd);
          // a third of the trials use a few integer levels so windows hold ties
          boolean ties = rnd.nextInt(3) == 0;
          config.append(p).append(ties ? " with ties" : "");
          float[] x = ties ? levels(rnd, p.inputSize(), 3) : uniform(rnd, p.inputSize(), -2, 2);
          float[] gy = uniform(rnd, p.outputSize(), -1, 1);
          Storage rx = rOf(x);
          Storage cx = cOf(x);
          Storage ry = oracle().pool().maxForward(rx, p);
          Storage cy = cpu.pool().maxForward(cx, p);
          exact("maxForward", ry, cy);
          close(
              "maxBackward",
              oracle().pool().maxBackward(rOf(gy), rx, ry, p),
              cpu.pool().maxBackward(cOf(gy), cx, cy, p),
              maxAbs(gy) * p.kernelH() * p.kernelW());
          close("avgForward", oracle().pool().avgForward(rx, p), cpu.pool().avgForward(cx, p), 2);
          close(
              "avgBackward",
              oracle().pool().avgBackward(rOf(gy), p),
              cpu.pool().avgBackward(cOf(gy), p),
              maxAbs(gy) * p.kernelH() * p.kernelW());
        });
  }

  @Test
  void adaptiveAveragePoolingForwardAndBackward() {
    fuzz(
        "adaptivePool",
        600,
        (rnd, config) -> {
          int inH = 1 + rnd.nextInt(14);
          int inW = 1 + rnd.nextInt(14);
          AdaptivePool2dParams p =
              new AdaptivePool2dParams(
                  1 + rnd.nextInt(3),
                  1 + rnd.nextInt(6),
                  inH,
                  inW,
                  1 + rnd.nextInt(inH + 2),
                  1 + rnd.nextInt(inW + 2));
          config.append(p);
          int in = p.batch() * p.channels() * inH * inW;
          int out = p.batch() * p.channels() * p.outH() * p.outW();
          float[] x = uniform(rnd, in, -2, 2);
          float[] gy = uniform(rnd, out, -1, 1);
          close(
              "adaptiveAvgForward",
              oracle().pool().adaptiveAvgForward(rOf(x), p),
              cpu.pool().adaptiveAvgForward(cOf(x), p),
              2);
          close(
              "adaptiveAvgBackward",
              oracle().pool().adaptiveAvgBackward(rOf(gy), p),
              cpu.pool().adaptiveAvgBackward(cOf(gy), p),
              1);
        });
  }

  @Test
  void batchNormTrainingAndInferenceForwardAndBackward() {
    fuzz(
        "batchNorm",
        1200,
        (rnd, config) -> {
          // a sixth large enough that samples are split into several chunks (SampleChunks.MIN_WORK)
          boolean large = rnd.nextInt(6) == 0;
          int batch = large ? 9 + rnd.nextInt(64) : 1 + rnd.nextInt(6);
          int spatial =
              large ? 100 + rnd.nextInt(800) : rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(40);
          if (batch * spatial < 2) {
            batch = 2;
          }
          BatchNormParams p =
              new BatchNormParams(
                  batch,
                  1 + rnd.nextInt(9),
                  spatial,
                  rnd.nextBoolean() ? 1e-5 : 1e-3,
                  rnd.nextDouble());
          boolean affine = rnd.nextBoolean();
          boolean tracking = rnd.nextBoolean();
          boolean[] needs = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
          p = p.withRelu(rnd.nextInt(3) == 0); // a third with the fused ReLU
          config.append(p).append(" affine=").append(affine).append(" tracking=").append(tracking);
          config.append(" needsGrad=").append(Arrays.toString(needs));
          checkBatchNorm(rnd, p, affine, tracking, needs);
        });
  }

  @Test
  void matrixProductsWithEveryTransposition() {
    fuzz(
        "gemm",
        1500,
        (rnd, config) -> {
          int m = dim(rnd);
          int k = dim(rnd);
          int n = dim(rnd);
          boolean ta = rnd.nextBoolean();
          boolean tb = rnd.nextBoolean();
          config.append("m=" + m + " k=" + k + " n=" + n + " transA=" + ta + " transB=" + tb);
          float[] a = uniform(rnd, m * k, -1, 1);
          float[] b = uniform(rnd, k * n, -1, 1);
          Storage r = oracle().blas().matmul(rOf(a), rOf(b), m, k, n, ta, tb);
          Storage c = cpu.blas().matmul(cOf(a), cOf(b), m, k, n, ta, tb);
          assertEquals(m * n, values(c).length, "result size");
          close("matmul", r, c, Math.sqrt(k) * maxAbs(a) * maxAbs(b));
        });
  }

  @Test
  void softmaxAndLogSoftmaxForwardAndBackward() {
    fuzz(
        "softmax",
        1500,
        (rnd, config) -> {
          int outer = 1 + rnd.nextInt(6);
          int dim = 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 70);
          int inner = 1 + rnd.nextInt(6);
          boolean log = rnd.nextBoolean();
          double spread = rnd.nextBoolean() ? 3 : 40; // large logits test the max subtraction
          config.append(
              "outer="
                  + outer
                  + " dim="
                  + dim
                  + " inner="
                  + inner
                  + " log="
                  + log
                  + " spread="
                  + spread);
          int size = outer * dim * inner;
          float[] x = uniform(rnd, size, -spread, spread);
          float[] gy = uniform(rnd, size, -1, 1);
          Storage ry = oracle().softmax().forward(rOf(x), outer, dim, inner, log);
          Storage cy = cpu.softmax().forward(cOf(x), outer, dim, inner, log);
          close("forward", ry, cy, log ? 2 * spread : 1);
          // each backend differentiates its own forward output, as autograd does
          close(
              "backward",
              oracle().softmax().backward(rOf(gy), ry, outer, dim, inner, log),
              cpu.softmax().backward(cOf(gy), cy, outer, dim, inner, log),
              maxAbs(gy) * (log ? dim + 1 : 2));
        });
  }

  @Test
  void sumOverRandomAxes() {
    fuzz(
        "sum",
        2000,
        (rnd, config) -> {
          int rank = 1 + rnd.nextInt(5);
          int[] dims = new int[rank];
          for (int d = 0; d < rank; d++) {
            dims[d] = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(40) : 1 + rnd.nextInt(6);
          }
          List<Integer> axes = new ArrayList<>();
          for (int d = 0; d < rank; d++) {
            if (rnd.nextBoolean()) {
              axes.add(d);
            }
          }
          if (axes.isEmpty()) {
            axes.add(rnd.nextInt(rank));
          }
          int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
          Shape shape = Shape.of(dims);
          config.append("shape=" + shape + " axes=" + axes);
          long reduced = 1;
          for (int a : ax) {
            reduced *= dims[a];
          }
          float[] x = uniform(rnd, shape.numel(), -1, 1);
          close(
              "sum",
              oracle().reduce().sum(rOf(x), shape, ax),
              cpu.reduce().sum(cOf(x), shape, ax),
              Math.sqrt(reduced) * maxAbs(x));
        });
  }

  @Test
  void expandIsAnExactCopy() {
    fuzz(
        "expand",
        2000,
        (rnd, config) -> {
          int rank = 1 + rnd.nextInt(5);
          int[] to = new int[rank];
          int[] from = new int[rank];
          for (int d = 0; d < rank; d++) {
            to[d] = 1 + rnd.nextInt(rnd.nextInt(6) == 0 ? 33 : 6);
            from[d] = rnd.nextBoolean() ? 1 : to[d];
          }
          Shape f = Shape.of(from);
          Shape t = Shape.of(to);
          config.append("from=" + f + " to=" + t);
          float[] x = uniform(rnd, f.numel(), -1, 1);
          exact("expand", oracle().copy().expand(rOf(x), f, t), cpu.copy().expand(cOf(x), f, t));
        });
  }

  // ---------------------------------------------------------------- families

  private void checkConv(SplittableRandom rnd, Conv2dParams p, boolean withBias) {
    float[] x = uniform(rnd, p.inputSize(), -1, 1);
    float[] w = uniform(rnd, p.weightSize(), -1, 1);
    float[] b = withBias ? uniform(rnd, p.outChannels(), -1, 1) : null;
    float[] gy = uniform(rnd, p.outputSize(), -1, 1);
    int window = p.inPerGroup() * p.kernelH() * p.kernelW();
    close(
        "forward",
        oracle().conv().forward(rOf(x), rOf(w), b == null ? null : rOf(b), p),
        cpu.conv().forward(cOf(x), cOf(w), b == null ? null : cOf(b), p),
        Math.sqrt(window) * maxAbs(x) * maxAbs(w) + (b == null ? 0 : maxAbs(b)));
    int fanOut = p.outPerGroup() * p.kernelH() * p.kernelW();
    close(
        "backwardData",
        oracle().conv().backwardData(rOf(gy), rOf(w), p),
        cpu.conv().backwardData(cOf(gy), cOf(w), p),
        Math.sqrt(fanOut) * maxAbs(gy) * maxAbs(w));
    int pixels = p.batch() * p.outH() * p.outW();
    close(
        "backwardWeight",
        oracle().conv().backwardWeight(rOf(gy), rOf(x), p),
        cpu.conv().backwardWeight(cOf(gy), cOf(x), p),
        Math.sqrt(pixels) * maxAbs(gy) * maxAbs(x));
    close(
        "backwardBias",
        oracle().conv().backwardBias(rOf(gy), p),
        cpu.conv().backwardBias(cOf(gy), p),
        Math.sqrt(pixels) * maxAbs(gy));
  }

  private void checkBatchNorm(
      SplittableRandom rnd, BatchNormParams p, boolean affine, boolean tracking, boolean[] needs) {
    int c = p.channels();
    double center = rnd.nextDouble() * 4 - 2;
    double spread = 0.1 + rnd.nextDouble() * 2;
    float[] x = uniform(rnd, p.size(), center - spread, center + spread);
    float[] w = affine ? uniform(rnd, c, -2, 2) : null;
    float[] b = affine ? uniform(rnd, c, -1, 1) : null;
    float[] rm = uniform(rnd, c, -1, 1);
    float[] rv = uniform(rnd, c, 0.2, 3);
    float[] gy = uniform(rnd, p.size(), -1, 1);
    Storage rw = w == null ? null : rOf(w);
    Storage cw = w == null ? null : cOf(w);
    Storage rb = b == null ? null : rOf(b);
    Storage cb = b == null ? null : cOf(b);
    Storage rrm = tracking ? rOf(rm) : null;
    Storage crm = tracking ? cOf(rm) : null;
    Storage rrv = tracking ? rOf(rv) : null;
    Storage crv = tracking ? cOf(rv) : null;
    NormKernels.TrainResult rt = oracle().norm().forwardTraining(rOf(x), rw, rb, rrm, rrv, p);
    NormKernels.TrainResult ct = cpu.norm().forwardTraining(cOf(x), cw, cb, crm, crv, p);
    double wMax = w == null ? 1 : maxAbs(w);
    double bMax = b == null ? 0 : maxAbs(b);
    double invStdMax = maxAbs(values(rt.saveInvStd()));
    double xhatMax = (Math.abs(center) + spread) * invStdMax;
    close("train output", rt.output(), ct.output(), wMax * xhatMax + bMax);
    close("saveMean", rt.saveMean(), ct.saveMean(), Math.abs(center) + spread);
    close("saveInvStd", rt.saveInvStd(), ct.saveInvStd(), invStdMax);
    if (tracking) {
      close("runningMean", rrm, crm, Math.abs(center) + spread + 1);
      close("runningVar", rrv, crv, 3 + spread * spread * 2);
    }
    double gMax = maxAbs(gy);
    double gradScale = Math.sqrt(p.perChannel()) * gMax * (xhatMax + 1);
    // with the fused ReLU each backend masks the gradient by its own output, as autograd does
    NormKernels.Grads rg =
        p.relu()
            ? oracle()
                .norm()
                .backwardTrainingRelu(
                    rOf(gy), rt.output(), rOf(x), rw, rt.saveMean(), rt.saveInvStd(), p, needs)
            : oracle()
                .norm()
                .backwardTraining(rOf(gy), rOf(x), rw, rt.saveMean(), rt.saveInvStd(), p, needs);
    NormKernels.Grads cg =
        p.relu()
            ? cpu.norm()
                .backwardTrainingRelu(
                    cOf(gy), ct.output(), cOf(x), cw, ct.saveMean(), ct.saveInvStd(), p, needs)
            : cpu.norm()
                .backwardTraining(cOf(gy), cOf(x), cw, ct.saveMean(), ct.saveInvStd(), p, needs);
    grads("train", rg, cg, needs, affine, gMax * wMax * invStdMax * 3, gradScale);

    // inference: statistics are constants; always give running statistics
    Storage rm2 = rOf(rm);
    Storage rv2 = rOf(rv);
    Storage cm2 = cOf(rm);
    Storage cv2 = cOf(rv);
    double evalInvStd = 1 / Math.sqrt(0.2);
    double evalXhat = (Math.abs(center) + spread + 1) * evalInvStd;
    Storage ry = oracle().norm().forwardInference(rOf(x), rw, rb, rm2, rv2, p);
    Storage cy = cpu.norm().forwardInference(cOf(x), cw, cb, cm2, cv2, p);
    close("eval output", ry, cy, wMax * evalXhat + bMax);
    NormKernels.Grads re =
        p.relu()
            ? oracle().norm().backwardInferenceRelu(rOf(gy), ry, rOf(x), rw, rm2, rv2, p, needs)
            : oracle().norm().backwardInference(rOf(gy), rOf(x), rw, rm2, rv2, p, needs);
    NormKernels.Grads ce =
        p.relu()
            ? cpu.norm().backwardInferenceRelu(cOf(gy), cy, cOf(x), cw, cm2, cv2, p, needs)
            : cpu.norm().backwardInference(cOf(gy), cOf(x), cw, cm2, cv2, p, needs);
    grads(
        "eval",
        re,
        ce,
        needs,
        affine,
        gMax * wMax * evalInvStd,
        Math.sqrt(p.perChannel()) * gMax * (evalXhat + 1));
  }

  private void grads(
      String mode,
      NormKernels.Grads r,
      NormKernels.Grads c,
      boolean[] needs,
      boolean affine,
      double inputScale,
      double paramScale) {
    if (needs[0]) {
      close(mode + " grad input", r.input(), c.input(), inputScale);
    } else {
      assertNull(c.input(), mode + ": input gradient not asked for");
    }
    if (needs[1] && affine) {
      close(mode + " grad weight", r.weight(), c.weight(), paramScale);
    } else {
      assertNull(c.weight(), mode + ": weight gradient not asked for or no weight");
    }
    if (needs[2] && affine) {
      close(mode + " grad bias", r.bias(), c.bias(), paramScale);
    } else {
      assertNull(c.bias(), mode + ": bias gradient not asked for or no bias");
    }
  }

  // ---------------------------------------------------------------- random shapes

  /**
   * Batch 1-4, channels up to 12 with groups dividing both (a sixth depthwise), kernels 1-5 by 1-5,
   * stride 1-3, padding 0-3, dilation 1-3, inputs 1-20 (one in ten up to 45, wider than one tile of
   * the fast kernels).
   */
  private static Conv2dParams randomConv(SplittableRandom rnd) {
    while (true) {
      int cin = 1 + rnd.nextInt(12);
      int cout;
      int groups;
      if (rnd.nextInt(6) == 0) {
        groups = cin;
        cout = cin * (1 + rnd.nextInt(2));
      } else {
        cout = 1 + rnd.nextInt(12);
        List<Integer> divisors = new ArrayList<>();
        for (int g = 1; g <= Math.min(cin, cout); g++) {
          if (cin % g == 0 && cout % g == 0) {
            divisors.add(g);
          }
        }
        groups = divisors.get(rnd.nextInt(divisors.size()));
      }
      boolean big = rnd.nextInt(10) == 0;
      int h = 1 + rnd.nextInt(big ? 45 : 20);
      int w = 1 + rnd.nextInt(big ? 45 : 20);
      Conv2dParams p =
          new Conv2dParams(
              1 + rnd.nextInt(4),
              cin,
              h,
              w,
              cout,
              1 + rnd.nextInt(5),
              1 + rnd.nextInt(5),
              1 + rnd.nextInt(3),
              1 + rnd.nextInt(3),
              rnd.nextInt(4),
              rnd.nextInt(4),
              rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1,
              rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1,
              groups);
      boolean fits =
          p.inH() + 2 * p.padH() - p.dilationH() * (p.kernelH() - 1) - 1 >= 0
              && p.inW() + 2 * p.padW() - p.dilationW() * (p.kernelW() - 1) - 1 >= 0;
      if (fits && p.macs() < 400_000) {
        return p;
      }
    }
  }

  /** Kernels 1-4 by 1-4, stride 1-3, padding up to half the kernel, inputs 1-20. */
  private static Pool2dParams randomPool(SplittableRandom rnd) {
    while (true) {
      int kh = 1 + rnd.nextInt(4);
      int kw = 1 + rnd.nextInt(4);
      Pool2dParams p =
          new Pool2dParams(
              1 + rnd.nextInt(3),
              1 + rnd.nextInt(6),
              1 + rnd.nextInt(20),
              1 + rnd.nextInt(20),
              kh,
              kw,
              1 + rnd.nextInt(3),
              1 + rnd.nextInt(3),
              rnd.nextInt(kh / 2 + 1),
              rnd.nextInt(kw / 2 + 1),
              rnd.nextBoolean());
      if (p.inH() + 2 * p.padH() >= kh && p.inW() + 2 * p.padW() >= kw) {
        return p;
      }
    }
  }

  /** A matrix dimension: mostly 1-9, often up to 80 (past the vector width and tile sizes). */
  private static int dim(SplittableRandom rnd) {
    return rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(80) : 1 + rnd.nextInt(9);
  }

  // ---------------------------------------------------------------- plumbing

  /** Runs {@code count} trials of {@code family} on several thread counts and on one. */
  private void fuzz(String family, int count, ThreadFuzz.Trial trial) {
    harness.run(family, count, trial);
  }

  /** The backend the CPU results are compared with ({@link ThreadFuzz#oracle}). */
  private Backend oracle() {
    return harness.oracle();
  }

  private Storage rOf(float[] x) {
    return harness.oracleOf(x);
  }

  private Storage cOf(float[] x) {
    return cpu.wrap(x.clone());
  }

  private static double[] values(Storage s) {
    return KernelPair.values(s);
  }

  /** Compares within the tolerance of {@link ThreadFuzz#close}; records the CPU result. */
  private void close(String what, Storage expected, Storage actual, double scale) {
    harness.close(what, expected, actual, scale);
  }

  /** Asserts bit-for-bit equality (after widening the float result); records the CPU result. */
  private void exact(String what, Storage expected, Storage actual) {
    harness.exact(what, expected, actual);
  }

  private static double maxAbs(float[] x) {
    double m = 0;
    for (float v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static double maxAbs(double[] x) {
    return KernelPair.maxAbs(x);
  }

  private static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
    return KernelPair.uniform(rnd, n, lo, hi);
  }

  /** Integers in {@code [-levels, levels]} as floats, to make ties. */
  private static float[] levels(SplittableRandom rnd, int n, int levels) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(2 * levels + 1) - levels;
    }
    return x;
  }
}
