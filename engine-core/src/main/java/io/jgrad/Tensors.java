package io.jgrad;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

/**
 * Creating tensors. Methods without a {@link Device} use {@link Backends#defaultDevice()}. Random
 * tensors always take an explicit {@link Generator}, so every run is reproducible.
 */
public final class Tensors {
  private Tensors() {}

  private static Backend backend(Device d) {
    return Backends.get(d);
  }

  private static Device dflt() {
    return Backends.defaultDevice();
  }

  /** A tensor holding a copy of {@code data}, row-major in {@code shape}. */
  public static Tensor fromArray(float[] data, int... shape) {
    return fromArray(data, Shape.of(shape), dflt());
  }

  /** A tensor holding a copy of {@code data} on {@code device}. */
  public static Tensor fromArray(float[] data, Shape shape, Device device) {
    if (data.length != shape.numel()) {
      throw new IllegalArgumentException(
          "fromArray: " + data.length + " values do not fill shape " + shape);
    }
    return Tensor.wrap(backend(device).memory().fromFloats(data), shape);
  }

  /** A tensor from doubles (rounded to float32 except on the reference device). */
  public static Tensor fromDoubles(double[] data, Shape shape, Device device) {
    if (data.length != shape.numel()) {
      throw new IllegalArgumentException(
          "fromDoubles: " + data.length + " values do not fill shape " + shape);
    }
    return Tensor.wrap(backend(device).memory().fromDoubles(data), shape);
  }

  /** A 0-d tensor. */
  public static Tensor scalar(double value) {
    return full(Shape.scalar(), value, dflt());
  }

  /** Zeros. */
  public static Tensor zeros(int... shape) {
    return zeros(Shape.of(shape), dflt());
  }

  /** Zeros on {@code device}. */
  public static Tensor zeros(Shape shape, Device device) {
    return Tensor.wrap(backend(device).memory().zeros(shape.numel()), shape);
  }

  /** Ones. */
  public static Tensor ones(int... shape) {
    return full(Shape.of(shape), 1.0, dflt());
  }

  /** Ones on {@code device}. */
  public static Tensor ones(Shape shape, Device device) {
    return full(shape, 1.0, device);
  }

  /** Every element equal to {@code value}. */
  public static Tensor full(Shape shape, double value, Device device) {
    return Tensor.wrap(backend(device).memory().full(shape.numel(), value), shape);
  }

  /** Ones with {@code t}'s shape and device. */
  public static Tensor onesLike(Tensor t) {
    return full(t.shape(), 1.0, t.device());
  }

  /** Zeros with {@code t}'s shape and device. */
  public static Tensor zerosLike(Tensor t) {
    return zeros(t.shape(), t.device());
  }

  /** 0, 1, ..., n-1 as a 1-d tensor. */
  public static Tensor arange(int n) {
    return arange(0, n, 1);
  }

  /** start, start+step, ... below end, as a 1-d tensor (like torch.arange). */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || Double.isNaN(step)) {
      throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
    }
    int n = (int) Math.max(0, Math.ceil((end - start) / step));
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (start + i * step);
    }
    return fromArray(d, Shape.of(n), dflt());
  }

  /** Standard normal samples from {@code gen}. */
  public static Tensor randn(Generator gen, int... shape) {
    return randn(gen, Shape.of(shape), dflt());
  }

  /** Standard normal samples from {@code gen} on {@code device}. */
  public static Tensor randn(Generator gen, Shape shape, Device device) {
    double[] d = new double[shape.numel()];
    for (int i = 0; i < d.length; i++) {
      d[i] = gen.nextGaussian();
    }
    return fromDoubles(d, shape, device);
  }

  /** Uniform samples in [0, 1) from {@code gen}. */
  public static Tensor rand(Generator gen, int... shape) {
    return rand(gen, Shape.of(shape), dflt());
  }

  /** Uniform samples in [0, 1) from {@code gen} on {@code device}. */
  public static Tensor rand(Generator gen, Shape shape, Device device) {
    return uniform(gen, shape, 0, 1, device);
  }

  /** Uniform samples in [low, high) from {@code gen} on {@code device}. */
  public static Tensor uniform(Generator gen, Shape shape, double low, double high, Device device) {
    double[] d = new double[shape.numel()];
    for (int i = 0; i < d.length; i++) {
      d[i] = low + (high - low) * gen.nextDouble();
    }
    return fromDoubles(d, shape, device);
  }

  // ---- joining and selecting (ops with gradients) ----

  /** torch.cat: tensors joined along an existing dim. */
  public static Tensor cat(java.util.List<Tensor> tensors, int dim) {
    return io.jgrad.ops.movement.CatOp.apply(tensors, dim);
  }

  /** torch.stack: equal-shaped tensors joined along a new dim. */
  public static Tensor stack(java.util.List<Tensor> tensors, int dim) {
    return io.jgrad.ops.movement.CatOp.stack(tensors, dim);
  }

  /** torch.where: {@code a} where {@code cond} is non-zero, else {@code b} (broadcasting). */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return io.jgrad.ops.elementwise.WhereOp.apply(cond, a, b);
  }
}
