package io.jgrad.nn.layers;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.init.Init;

/**
 * Channel-wise dropout, like {@code torch.nn.Dropout2d}: in training mode each channel of each
 * sample of [N, C, H, W] is zeroed with probability p and the rest scaled by 1/(1-p); in evaluation
 * mode (or with p = 0) the layer is the identity.
 */
public class Dropout2d extends DropoutNd {
  /** Probability {@code p}; the generator is seeded from {@link Init#defaultGenerator()}. */
  public Dropout2d(double p) {
    this(p, nextSeed());
  }

  /** Probability {@code p} with a generator seeded with {@code seed}. */
  public Dropout2d(double p, long seed) {
    this(p, new Generator(seed));
  }

  /** Probability {@code p} drawing masks from {@code generator}. */
  public Dropout2d(double p, Generator generator) {
    super("Dropout2d", p, generator);
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.dropout2d(x, p(), isTraining(), generator());
  }
}
