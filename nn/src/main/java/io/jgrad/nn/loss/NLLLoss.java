package io.jgrad.nn.loss;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;

/**
 * Negative log-likelihood of log-probabilities, like {@code torch.nn.NLLLoss}: with mean reduction
 * -(1/N) Σ input[i, target[i]] (no class weights, no ignore_index). Pair it with a {@code
 * LogSoftmax(1)} output.
 */
public final class NLLLoss implements Loss {
  private final Reduction reduction;

  /** Mean reduction. */
  public NLLLoss() {
    this(Reduction.MEAN);
  }

  /** The given reduction. */
  public NLLLoss(Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException("NLLLoss: reduction must not be null");
    }
    this.reduction = reduction;
  }

  @Override
  public Tensor forward(Tensor input, int[] targets) {
    Tensor mean = Functional.nllLoss(input, targets);
    return reduction == Reduction.MEAN ? mean : mean.mul(input.dim(0));
  }

  /** The reduction. */
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "NLLLoss()";
  }
}
