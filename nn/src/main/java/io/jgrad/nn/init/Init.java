package io.jgrad.nn.init;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;

/**
 * Parameter initialization, the counterpart of {@code torch.nn.init}. Every function fills its
 * tensor in place (outside autograd) and returns it; random ones draw from an explicit {@link
 * Generator}.
 *
 * <p>Layers built without a generator draw from {@link #defaultGenerator()}, one process-wide
 * generator seeded with {@link #DEFAULT_SEED}, so a program that builds the same layers in the same
 * order gets the same weights on every run; {@link #manualSeed(long)} resets it (like {@code
 * torch.manual_seed}). Fans follow PyTorch: for a weight {@code [out, in, k...]}, fan_in = in ·
 * prod(k) and fan_out = out · prod(k).
 */
public final class Init {
  /** The seed of {@link #defaultGenerator()} at start-up. */
  public static final long DEFAULT_SEED = 0L;

  private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

  private Init() {}

  /** The process-wide generator used by layers constructed without one. */
  public static Generator defaultGenerator() {
    return DEFAULT;
  }

  /** Re-seeds {@link #defaultGenerator()}. */
  public static void manualSeed(long seed) {
    synchronized (DEFAULT) {
      DEFAULT.manualSeed(seed);
    }
  }

  /** fan_in of a weight shape: dim 1 times the receptive field (product of dims 2..). */
  public static int fanIn(Shape shape) {
    checkFans("fanIn", shape);
    return shape.dim(1) * shape.prod(2, shape.rank());
  }

  /** fan_out of a weight shape: dim 0 times the receptive field. */
  public static int fanOut(Shape shape) {
    checkFans("fanOut", shape);
    return shape.dim(0) * shape.prod(2, shape.rank());
  }

  private static void checkFans(String fn, Shape shape) {
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "init."
              + fn
              + ": fan in and fan out need a tensor with at least 2 dimensions, got shape "
              + shape);
    }
  }

  /** Fills {@code t} with U(low, high) draws from {@code gen}. */
  public static Tensor uniform(Tensor t, double low, double high, Generator gen) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          "init.uniform: low must be <= high, got low=" + low + ", high=" + high);
    }
    synchronized (gen) {
      t.copyFrom(Tensors.uniform(gen, t.shape(), low, high, t.device()));
    }
    return t;
  }

  /** Fills {@code t} with N(mean, std²) draws from {@code gen}. */
  public static Tensor normal(Tensor t, double mean, double std, Generator gen) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("init.normal: std must be >= 0, got " + std);
    }
    double[] d = new double[t.numel()];
    synchronized (gen) {
      for (int i = 0; i < d.length; i++) {
        d[i] = mean + std * gen.nextGaussian();
      }
    }
    t.copyFrom(Tensors.fromDoubles(d, t.shape(), t.device()));
    return t;
  }

  /** The gain of leaky_relu with negative slope {@code a}: sqrt(2 / (1 + a²)); a = 0 is ReLU. */
  public static double leakyReluGain(double a) {
    return Math.sqrt(2.0 / (1 + a * a));
  }

  /**
   * He/Kaiming uniform (fan_in mode, leaky_relu gain with slope {@code a}): U(-b, b) with b = gain
   * · sqrt(3 / fan_in). PyTorch's conv/linear default uses a = √5, giving b = 1/sqrt(fan_in).
   */
  public static Tensor kaimingUniform(Tensor t, double a, Generator gen) {
    double bound = leakyReluGain(a) * Math.sqrt(3.0 / fanIn(t.shape()));
    return uniform(t, -bound, bound, gen);
  }

  /** He/Kaiming normal (fan_in mode): N(0, std²) with std = gain / sqrt(fan_in). */
  public static Tensor kaimingNormal(Tensor t, double a, Generator gen) {
    return normal(t, 0, leakyReluGain(a) / Math.sqrt(fanIn(t.shape())), gen);
  }

  /** Glorot/Xavier uniform: U(-b, b) with b = gain · sqrt(6 / (fan_in + fan_out)). */
  public static Tensor xavierUniform(Tensor t, double gain, Generator gen) {
    double bound = gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape())));
    return uniform(t, -bound, bound, gen);
  }

  /** Glorot/Xavier normal: N(0, std²) with std = gain · sqrt(2 / (fan_in + fan_out)). */
  public static Tensor xavierNormal(Tensor t, double gain, Generator gen) {
    double std = gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape())));
    return normal(t, 0, std, gen);
  }

  /**
   * PyTorch's default initialization of a conv/linear layer: weight kaiming_uniform(a = √5), i.e.
   * U(±1/sqrt(fan_in)), then (when present) bias U(±1/sqrt(fan_in)), in that draw order.
   */
  public static void defaultLayerInit(Tensor weight, Tensor bias, Generator gen) {
    kaimingUniform(weight, Math.sqrt(5), gen);
    if (bias != null) {
      double bound = 1 / Math.sqrt(fanIn(weight.shape()));
      uniform(bias, -bound, bound, gen);
    }
  }

  /** Fills {@code t} with {@code value}. */
  public static Tensor constant(Tensor t, double value) {
    t.copyFrom(Tensors.full(t.shape(), value, t.device()));
    return t;
  }

  /** Fills {@code t} with zeros. */
  public static Tensor zeros(Tensor t) {
    return constant(t, 0);
  }

  /** Fills {@code t} with ones. */
  public static Tensor ones(Tensor t) {
    return constant(t, 1);
  }
}
