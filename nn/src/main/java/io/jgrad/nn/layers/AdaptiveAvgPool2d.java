package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/**
 * Average pooling to a fixed output size [outH, outW] whatever the input size, like {@code
 * torch.nn.AdaptiveAvgPool2d}: output row i averages input rows floor(i·H/outH) up to (not
 * including) ceil((i+1)·H/outH), and likewise for columns.
 */
public class AdaptiveAvgPool2d extends Module {
  private final int outH;
  private final int outW;

  /** Square output size. */
  public AdaptiveAvgPool2d(int outputSize) {
    this(outputSize, outputSize);
  }

  /** Output size [outH, outW]. */
  public AdaptiveAvgPool2d(int outH, int outW) {
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException(
          "AdaptiveAvgPool2d: output_size must be >= 1, got [" + outH + ", " + outW + "]");
    }
    this.outH = outH;
    this.outW = outW;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.adaptiveAvgPool2d(x, outH, outW);
  }

  /** [outH, outW]. */
  public int[] outputSize() {
    return new int[] {outH, outW};
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + Reprs.intOrTuple(outputSize());
  }
}
