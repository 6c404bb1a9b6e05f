package io.jgrad.nn.layers;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.init.Init;

/**
 * Element-wise dropout, like {@code torch.nn.Dropout}: in training mode each element is zeroed with
 * probability p and the survivors are scaled by 1/(1-p); in evaluation mode (or with p = 0) the
 * layer is the identity. The layer owns its {@link Generator}; checkpoint it with {@code
 * generator().getState()} so a resumed run draws the same masks.
 */
public class Dropout extends Module {
  private final double p;
  private final Generator generator;

  /** Probability {@code p}; the generator is seeded from {@link Init#defaultGenerator()}. */
  public Dropout(double p) {
    this(p, nextSeed());
  }

  /** Probability {@code p} with a generator seeded with {@code seed}. */
  public Dropout(double p, long seed) {
    this(p, new Generator(seed));
  }

  /** Probability {@code p} drawing masks from {@code generator}. */
  public Dropout(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Dropout: dropout probability has to be between 0 and 1, but got " + p);
    }
    if (generator == null) {
      throw new IllegalArgumentException("Dropout: generator must not be null");
    }
    this.p = p;
    this.generator = generator;
  }

  private static long nextSeed() {
    Generator g = Init.defaultGenerator();
    synchronized (g) {
      return g.nextLong();
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.dropout(x, p, isTraining(), generator);
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
