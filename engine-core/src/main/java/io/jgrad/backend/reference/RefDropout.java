package io.jgrad.backend.reference;

import io.jgrad.Generator;
import io.jgrad.Philox;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;

/**
 * Inverted dropout. A mask unit is one element, or one whole channel of an [N, C, ...] tensor when
 * channelwise. Units are in row-major order; the mask is one draw of {@code units} words from the
 * generator's counter-based stream ({@link Generator#reserveDraw}), and unit {@code u} is kept iff
 * the uniform float of word {@code u} is {@code >= p} (see {@link Philox}), so every backend,
 * whatever its parallelism, draws the same mask from the same seed. The mask buffer holds one scale
 * per unit: {@code 1/(1-p)} when kept, 0 when dropped. For {@code p == 0} and {@code p == 1} the
 * outcome is certain and, as in PyTorch, nothing is drawn.
 */
final class RefDropout implements DropoutKernels {
  private final RefBackend backend;

  RefDropout(RefBackend backend) {
    this.backend = backend;
  }

  /** Draws the mask, then scales each element by its unit's scale. */
  @Override
  public Result forward(
      Storage input, Shape shape, double p, boolean channelwise, Generator generator) {
    double[] x = RefStorage.data(input);
    int units = units(x.length, shape, p, channelwise);
    double[] scale = new double[units];
    boolean draws = p > 0 && p < 1;
    long key = generator == null ? 0 : generator.streamKey();
    long first = draws ? generator.reserveDraw(units) : 0;
    for (int u = 0; u < units; u++) {
      boolean keep;
      if (p == 0) {
        keep = true;
      } else if (p == 1) {
        keep = false;
      } else {
        keep = Philox.uniform(Philox.word(key, first, u)) >= p;
      }
      scale[u] = keep ? 1.0 / (1.0 - p) : 0.0;
    }
    int perUnit = units == 0 ? 0 : x.length / units;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * scale[i / perUnit];
    }
    return new Result(backend.wrap(out), backend.wrap(scale));
  }

  /** Scales each gradient element by its unit's scale from the mask. */
  @Override
  public Storage backward(
      Storage gradOut, Storage mask, Shape shape, double p, boolean channelwise) {
    double[] g = RefStorage.data(gradOut);
    double[] scale = RefStorage.data(mask);
    int units = units(g.length, shape, p, channelwise);
    if (scale.length != units) {
      throw new IllegalArgumentException(
          "dropout backward: mask has " + scale.length + " units, expected " + units);
    }
    int perUnit = units == 0 ? 0 : g.length / units;
    double[] dx = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      dx[i] = g[i] * scale[i / perUnit];
    }
    return backend.wrap(dx);
  }

  /** Validates the arguments and returns the number of mask units. */
  static int units(int size, Shape shape, double p, boolean channelwise) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
    }
    if (size != shape.numel()) {
      throw new IllegalArgumentException(
          "dropout: buffer has "
              + size
              + " elements but shape "
              + shape
              + " needs "
              + shape.numel());
    }
    if (!channelwise) {
      return size;
    }
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "dropout: channelwise dropout needs an [N, C, ...] tensor, got shape " + shape);
    }
    return shape.dim(0) * shape.dim(1);
  }
}
