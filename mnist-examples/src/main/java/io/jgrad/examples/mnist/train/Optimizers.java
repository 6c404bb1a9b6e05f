package io.jgrad.examples.mnist.train;

import io.jgrad.Tensor;
import io.jgrad.nn.optim.Adam;
import io.jgrad.nn.optim.AdamW;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.SGD;
import java.util.List;

/** Builds the optimizer a run's {@link OptimSettings} describe. */
public final class Optimizers {
  private Optimizers() {}

  /** The optimizer over {@code params}; Adam and AdamW use betas (0.9, 0.999) and eps 1e-8. */
  public static Optimizer create(OptimSettings s, List<Tensor> params) {
    switch (s.name()) {
      case "sgd":
        return new SGD(params, s.lr(), s.momentum(), 0, s.weightDecay(), s.nesterov());
      case "adam":
        return new Adam(params, s.lr(), 0.9, 0.999, 1e-8, s.weightDecay());
      case "adamw":
        return new AdamW(params, s.lr(), 0.9, 0.999, 1e-8, s.weightDecay());
      default:
        throw new IllegalArgumentException(
            "--optimizer: unknown optimizer '"
                + s.name()
                + "'; choose one of "
                + OptimSettings.NAMES);
    }
  }
}
