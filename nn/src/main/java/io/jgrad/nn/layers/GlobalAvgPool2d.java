package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/**
 * Global average pooling, [N, C, H, W] to [N, C, 1, 1]: the mean of each channel (same result as
 * {@code AdaptiveAvgPool2d(1)}; for the receptive field its window is the whole input).
 */
public class GlobalAvgPool2d extends Module {
  /** The pooling layer (it has no state). */
  public GlobalAvgPool2d() {}

  @Override
  public Tensor forward(Tensor x) {
    return Functional.globalAvgPool2d(x);
  }
}
