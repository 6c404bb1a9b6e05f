package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/** Returns its input unchanged, like {@code torch.nn.Identity} (a placeholder layer). */
public class Identity extends Module {
  /** The identity layer. */
  public Identity() {}

  @Override
  public Tensor forward(Tensor x) {
    return x;
  }
}
