package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/** x for x &gt; 0, else negative_slope·x, like {@code torch.nn.LeakyReLU}. */
public class LeakyReLU extends Module {
  private final double negativeSlope;

  /** negative_slope 0.01, as PyTorch. */
  public LeakyReLU() {
    this(0.01);
  }

  /** The given slope for negative inputs (finite). */
  public LeakyReLU(double negativeSlope) {
    if (!Double.isFinite(negativeSlope)) {
      throw new IllegalArgumentException(
          "LeakyReLU: negative_slope must be finite, got " + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.leakyRelu(negativeSlope);
  }

  /** The slope for negative inputs. */
  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + Reprs.pyFloat(negativeSlope);
  }
}
