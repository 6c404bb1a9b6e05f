package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/** 1 / (1 + e^-x) element-wise, like {@code torch.nn.Sigmoid}. */
public class Sigmoid extends Module {
  /** The activation (it has no state). */
  public Sigmoid() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }
}
