package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/**
 * x Φ(x) element-wise, like {@code torch.nn.GELU}: exact (the normal CDF through erf) by default,
 * or its tanh approximation with {@code approximate = "tanh"}.
 */
public class GELU extends Module {
  private final String approximate;

  /** The exact form ({@code approximate = "none"}). */
  public GELU() {
    this("none");
  }

  /** {@code approximate} is "none" or "tanh". */
  public GELU(String approximate) {
    if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
      throw new IllegalArgumentException(
          "GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
    }
    this.approximate = approximate;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.gelu(approximate);
  }

  /** "none" or "tanh". */
  public String approximate() {
    return approximate;
  }

  @Override
  protected String extraRepr() {
    return "approximate='" + approximate + "'";
  }
}
