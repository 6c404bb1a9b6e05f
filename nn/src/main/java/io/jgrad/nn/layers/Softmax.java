package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/** exp(x) / sum(exp(x)) along {@code dim}, computed stably, like {@code torch.nn.Softmax}. */
public class Softmax extends Module {
  private final int dim;

  /** Softmax along {@code dim} (negative counts from the end). */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.softmax(x, dim);
  }

  /** The normalized dimension. */
  public int dim() {
    return dim;
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
