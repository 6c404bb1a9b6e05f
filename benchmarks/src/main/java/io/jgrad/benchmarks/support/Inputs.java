package io.jgrad.benchmarks.support;

import io.jgrad.Generator;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/** Seeded benchmark inputs on any backend, so every run measures the same data. */
public final class Inputs {
  private Inputs() {}

  /** {@code n} standard-normal values scaled by {@code scale}, drawn from {@code seed}. */
  public static Storage randn(Backend backend, int n, double scale, long seed) {
    Generator g = new Generator(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (g.nextGaussian() * scale);
    }
    return backend.memory().fromFloats(v);
  }

  /** {@code n} copies of {@code value}. */
  public static Storage full(Backend backend, int n, double value) {
    return backend.memory().full(n, value);
  }

  /** {@code n} class indices in {@code [0, classes)}, drawn from {@code seed}. */
  public static int[] targets(int n, int classes, long seed) {
    Generator g = new Generator(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = g.nextInt(classes);
    }
    return t;
  }

  /** The standard deviation that keeps a layer's output near unit scale: 1/sqrt(fanIn). */
  public static double heScale(int fanIn) {
    return 1.0 / Math.sqrt(Math.max(fanIn, 1));
  }
}
