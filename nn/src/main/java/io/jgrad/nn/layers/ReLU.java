package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/** max(x, 0) element-wise, like {@code torch.nn.ReLU}. */
public class ReLU extends Module {
  /** The activation (it has no state). */
  public ReLU() {}

  @Override
  public Tensor forward(Tensor x) {
    return Functional.relu(x);
  }
}
