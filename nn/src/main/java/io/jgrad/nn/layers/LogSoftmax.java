package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/** log(softmax(x)) along {@code dim}, computed stably, like {@code torch.nn.LogSoftmax}. */
public class LogSoftmax extends Module {
  private final int dim;

  /** Log-softmax along {@code dim} (negative counts from the end). */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.logSoftmax(x, dim);
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
