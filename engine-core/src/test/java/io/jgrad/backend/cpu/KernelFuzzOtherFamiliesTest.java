package io.jgrad.backend.cpu;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.backend.params.SgdParams;
import io.jgrad.testing.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernel families {@link KernelFuzzTest} leaves out (memory, element-wise maps, dropout, NLL
 * loss, optimizer steps, image rotation), fuzzed the same way: random sizes against the reference
 * under several thread counts, every trial again on one thread, bit for bit ({@link ThreadFuzz}). A
 * quarter of the buffers are long enough (up to 120,000 elements) to split into several chunks.
 * Re-run with another base seed with {@code -Djgrad.fuzz.seed=N}.
 */
class KernelFuzzOtherFamiliesTest {
  private static final long BASE_SEED = Long.getLong("jgrad.fuzz.seed", 0x6A67726164L);

  private final CpuBackend cpu = new CpuBackend();
  private final ThreadFuzz fuzz = new ThreadFuzz(BASE_SEED);

  @Test
  void memoryFillsAndCopies() {
    fuzz.run(
        "memory",
        200,
        (rnd, config) -> {
          int n = size(rnd);
          float value = (float) rnd.nextDouble(-5, 5);
          config.append("n=").append(n).append(" value=").append(value);
          float[] x = uniform(rnd, n, -3, 3);
          double[] d = Tolerances.toDoubles(uniform(rnd, n, -3, 3));
          fuzz.exact("zeros", oracle().memory().zeros(n), cpu.memory().zeros(n));
          fuzz.exact("full", oracle().memory().full(n, value), cpu.memory().full(n, value));
          fuzz.exact("fromFloats", rOf(x), cpu.memory().fromFloats(x));
          fuzz.exact("fromDoubles", oracle().memory().fromDoubles(d), cpu.memory().fromDoubles(d));
          fuzz.exact("copy", oracle().memory().copy(rOf(x)), cpu.memory().copy(cOf(x)));
          Storage rd = oracle().memory().zeros(n);
          Storage cd = cpu.memory().zeros(n);
          oracle().memory().copyInto(rOf(x), rd);
          cpu.memory().copyInto(cOf(x), cd);
          fuzz.exact("copyInto", rd, cd);
        });
  }

  @Test
  void elementwiseUnaryBinaryScalarAndAccumulate() {
    fuzz.run(
        "elementwise",
        300,
        (rnd, config) -> {
          int n = size(rnd);
          UnaryOp u = UnaryOp.values()[rnd.nextInt(UnaryOp.values().length)];
          BinaryOp b = BinaryOp.values()[rnd.nextInt(BinaryOp.values().length)];
          BinaryOp bs = BinaryOp.values()[rnd.nextInt(BinaryOp.RELU_BACKWARD.ordinal())];
          double scalar = rnd.nextDouble(0.25, 4) * (rnd.nextBoolean() ? 1 : -1);
          config.append("n=" + n + " unary=" + u + " binary=" + b + " scalar " + bs + " " + scalar);
          // positive inputs for log and sqrt, and positive bases for the power ops (real and
          // finite results); divisors away from zero
          boolean power =
              b == BinaryOp.POW || b == BinaryOp.POW_BASE_GRAD || b == BinaryOp.POW_EXPONENT_GRAD;
          boolean positive = u == UnaryOp.LOG || u == UnaryOp.SQRT || power;
          float[] x = uniform(rnd, n, positive ? 0.1 : -3, 3);
          float[] y = uniform(rnd, n, 0.25, 3);
          if (b != BinaryOp.DIV && rnd.nextBoolean()) {
            y = uniform(rnd, n, -3, 3);
          }
          double top = u == UnaryOp.EXP ? Math.exp(3) : 3;
          fuzz.close(
              "unary",
              oracle().elementwise().unary(u, rOf(x)),
              cpu.elementwise().unary(u, cOf(x)),
              top);
          fuzz.close(
              "binary",
              oracle().elementwise().binary(b, rOf(x), rOf(y)),
              cpu.elementwise().binary(b, cOf(x), cOf(y)),
              12);
          fuzz.close(
              "binaryScalar",
              oracle().elementwise().binaryScalar(bs, rOf(x), scalar),
              cpu.elementwise().binaryScalar(bs, cOf(x), scalar),
              12);
          Storage racc = rOf(y);
          Storage cacc = cOf(y);
          oracle().elementwise().accumulate(racc, rOf(x));
          cpu.elementwise().accumulate(cacc, cOf(x));
          fuzz.close("accumulate", racc, cacc, 6);
        });
  }

  @Test
  void dropoutForwardMaskAndBackward() {
    fuzz.run(
        "dropout",
        400,
        (rnd, config) -> {
          int[] dims = {1 + rnd.nextInt(8), 1 + rnd.nextInt(16), 1 + rnd.nextInt(40)};
          if (rnd.nextInt(4) == 0) {
            dims[2] = 1 + rnd.nextInt(2000);
          }
          Shape shape = Shape.of(dims);
          boolean channelwise = rnd.nextBoolean();
          double p = rnd.nextInt(8) == 0 ? rnd.nextInt(2) : rnd.nextDouble(0.05, 0.95);
          long seed = rnd.nextLong();
          config.append(shape + " p=" + p + " channelwise=" + channelwise + " seed=" + seed);
          float[] x = uniform(rnd, shape.numel(), -2, 2);
          float[] g = uniform(rnd, shape.numel(), -1, 1);
          DropoutKernels.Result r =
              oracle().dropout().forward(rOf(x), shape, p, channelwise, new Generator(seed));
          DropoutKernels.Result c =
              cpu.dropout().forward(cOf(x), shape, p, channelwise, new Generator(seed));
          double scale = p == 1 ? 0 : 2 / (1 - p);
          fuzz.close("forward", r.output(), c.output(), scale);
          if (c.mask() != null) {
            fuzz.record("mask", cpu.memory().toFloats(c.mask()));
          }
          fuzz.close(
              "backward",
              oracle().dropout().backward(rOf(g), r.mask(), shape, p, channelwise),
              cpu.dropout().backward(cOf(g), c.mask(), shape, p, channelwise),
              scale);
        });
  }

  @Test
  void nllLossForwardAndBackward() {
    fuzz.run(
        "nll",
        400,
        (rnd, config) -> {
          int batch = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 3000 : 64);
          int classes = 1 + rnd.nextInt(12);
          config.append("batch=" + batch + " classes=" + classes);
          float[] logp = uniform(rnd, batch * classes, -8, 0);
          int[] targets = new int[batch];
          for (int i = 0; i < batch; i++) {
            targets[i] = rnd.nextInt(classes);
          }
          float[] gradLoss = {(float) rnd.nextDouble(-2, 2)};
          fuzz.close(
              "forward",
              oracle().loss().nllForward(rOf(logp), targets, batch, classes),
              cpu.loss().nllForward(cOf(logp), targets, batch, classes),
              8);
          fuzz.close(
              "backward",
              oracle().loss().nllBackward(rOf(gradLoss), targets, batch, classes),
              cpu.loss().nllBackward(cOf(gradLoss), targets, batch, classes),
              2);
        });
  }

  @Test
  void sgdAndAdamStepsInPlace() {
    fuzz.run(
        "optim",
        200,
        (rnd, config) -> {
          int n = size(rnd);
          double momentum = rnd.nextBoolean() ? 0 : rnd.nextDouble(0.5, 0.99);
          double dampening = rnd.nextInt(3) == 0 ? rnd.nextDouble(0, 0.5) : 0;
          boolean nesterov = momentum > 0 && dampening == 0 && rnd.nextBoolean();
          double decay = rnd.nextBoolean() ? 0 : 1e-3;
          SgdParams sgd =
              new SgdParams(rnd.nextDouble(0.01, 0.2), momentum, dampening, decay, nesterov);
          AdamParams adam =
              new AdamParams(
                  rnd.nextDouble(1e-4, 1e-2),
                  rnd.nextDouble(0.7, 0.95),
                  rnd.nextDouble(0.9, 0.9999),
                  rnd.nextBoolean() ? 1e-8 : 1e-6,
                  rnd.nextBoolean() ? 0 : 1e-2,
                  rnd.nextBoolean());
          config.append("n=" + n + " " + sgd + " " + adam);
          float[] w = uniform(rnd, n, -1, 1);
          Storage rw = rOf(w);
          Storage cw = cOf(w);
          Storage rBuf = momentum > 0 ? oracle().memory().zeros(n) : null;
          Storage cBuf = momentum > 0 ? cpu.memory().zeros(n) : null;
          Storage ra = rOf(w);
          Storage ca = cOf(w);
          Storage[] rm = {oracle().memory().zeros(n), oracle().memory().zeros(n)};
          Storage[] cm = {cpu.memory().zeros(n), cpu.memory().zeros(n)};
          for (int t = 1; t <= 3; t++) {
            float[] g = uniform(rnd, n, -1, 1);
            oracle().optim().sgdStep(rw, rOf(g), rBuf, sgd, t == 1);
            cpu.optim().sgdStep(cw, cOf(g), cBuf, sgd, t == 1);
            fuzz.close("sgd param, step " + t, rw, cw, 2);
            if (cBuf != null) {
              fuzz.close("sgd momentum, step " + t, rBuf, cBuf, 3);
            }
            oracle().optim().adamStep(ra, rOf(g), rm[0], rm[1], adam, t);
            cpu.optim().adamStep(ca, cOf(g), cm[0], cm[1], adam, t);
            fuzz.close("adam param, step " + t, ra, ca, 1);
            fuzz.close("adam exp_avg, step " + t, rm[0], cm[0], 1);
            fuzz.close("adam exp_avg_sq, step " + t, rm[1], cm[1], 1);
          }
        });
  }

  @Test
  void imageRotation() {
    fuzz.run(
        "rotate",
        300,
        (rnd, config) -> {
          int channels = 1 + rnd.nextInt(3);
          Shape shape =
              Shape.of(1 + rnd.nextInt(10), channels, 1 + rnd.nextInt(64), 1 + rnd.nextInt(64));
          double[] degrees = new double[shape.dim(0)];
          for (int i = 0; i < degrees.length; i++) {
            degrees[i] = rnd.nextInt(5) == 0 ? 90 * rnd.nextInt(4) : rnd.nextDouble(-180, 180);
          }
          Interpolation interp = Interpolation.values()[rnd.nextInt(2)];
          int fills = rnd.nextInt(3);
          double[] fill = fills == 0 ? null : new double[fills == 1 ? 1 : channels];
          for (int i = 0; fill != null && i < fill.length; i++) {
            fill[i] = rnd.nextDouble(-1, 1);
          }
          config.append(shape + " " + interp + (fill == null ? " no fill" : " with fill"));
          float[] x = uniform(rnd, shape.numel(), -1, 1);
          Storage r = oracle().image().rotate(rOf(x), shape, degrees, interp, fill);
          Storage c = cpu.image().rotate(cOf(x), shape, degrees, interp, fill);
          fuzz.close("rotate", r, c, 2);
        });
  }

  /** A buffer length: mostly up to 5,000, a quarter up to 120,000 (several chunks). */
  private static int size(SplittableRandom rnd) {
    return 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 120_000 : 5_000);
  }

  /** The backend the CPU results are compared with ({@link ThreadFuzz#oracle}). */
  private Backend oracle() {
    return fuzz.oracle();
  }

  private Storage rOf(float[] x) {
    return fuzz.oracleOf(x);
  }

  private Storage cOf(float[] x) {
    return cpu.wrap(x.clone());
  }

  private static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
    return KernelPair.uniform(rnd, n, lo, hi);
  }
}
