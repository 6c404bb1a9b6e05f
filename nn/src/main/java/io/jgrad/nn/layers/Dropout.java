package io.jgrad.nn.layers;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.init.Init;

/**
 * Element-wise dropout, like {@code torch.nn.Dropout}: in training mode each element is zeroed with
 * probability p and the survivors are scaled by 1/(1-p); in evaluation mode (or with p = 0) the
 * layer is the identity.
 */
public class Dropout extends DropoutNd {
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
    super("Dropout", p, generator);
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.dropout(x, p(), isTraining(), generator());
  }
}
