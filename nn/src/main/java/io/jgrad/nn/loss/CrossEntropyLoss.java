package io.jgrad.nn.loss;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;

/**
 * Cross-entropy of raw logits, like {@code torch.nn.CrossEntropyLoss}: nll_loss(log_softmax(input,
 * 1), targets), computed stably (no class weights, no label smoothing, no ignore_index).
 */
public final class CrossEntropyLoss implements Loss {
  private final Reduction reduction;

  /** Mean reduction. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN);
  }

  /** The given reduction. */
  public CrossEntropyLoss(Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException("CrossEntropyLoss: reduction must not be null");
    }
    this.reduction = reduction;
  }

  @Override
  public Tensor forward(Tensor input, int[] targets) {
    Tensor mean = Functional.crossEntropy(input, targets);
    return reduction == Reduction.MEAN ? mean : mean.mul(input.dim(0));
  }

  /** The reduction. */
  public Reduction reduction() {
    return reduction;
  }

  @Override
  public String toString() {
    return "CrossEntropyLoss()";
  }
}
