package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/** tanh x element-wise, like {@code torch.nn.Tanh}. */
public class Tanh extends Module {
  /** The activation (it has no state). */
  public Tanh() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }
}
