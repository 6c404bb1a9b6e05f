package io.jgrad.nn.layers;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.nn.init.Init;

/**
 * What {@link Dropout} and {@link Dropout2d} share (PyTorch's {@code _DropoutNd}): the drop
 * probability and the layer's own {@link Generator}. Checkpoint the generator with {@code
 * generator().getState()} so a resumed run draws the same masks.
 */
public abstract class DropoutNd extends Module {
  private final double p;
  private final Generator generator;

  /** Validates {@code p} in [0, 1]; {@code layer} names the layer in errors. */
  protected DropoutNd(String layer, double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          layer + ": dropout probability has to be between 0 and 1, but got " + p);
    }
    if (generator == null) {
      throw new IllegalArgumentException(layer + ": generator must not be null");
    }
    this.p = p;
    this.generator = generator;
  }

  /** A seed drawn from {@link Init#defaultGenerator()}, for layers built without one. */
  protected static long nextSeed() {
    Generator g = Init.defaultGenerator();
    synchronized (g) {
      return g.nextLong();
    }
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /** The generator the masks are drawn from (save its state in checkpoints). */
  public Generator generator() {
    return generator;
  }

  @Override
  protected String extraRepr() {
    return "p=" + Reprs.pyFloat(p) + ", inplace=False";
  }
}
