package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;

/**
 * Decays each group's lr by {@code gamma} every epoch, like {@code
 * torch.optim.lr_scheduler.ExponentialLR}: {@code lr(epoch) = base_lr * gamma^epoch}.
 */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  /**
   * ExponentialLR; sets epoch 0.
   *
   * @throws IllegalArgumentException when {@code gamma} is negative or not finite
   */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "ExponentialLR: gamma must be finite and >= 0, got " + gamma);
    }
    this.gamma = gamma;
    initialStep();
  }

  @Override
  public double lrAt(int epoch, int group) {
    checkArgs(epoch, group);
    return baseLr(group) * Math.pow(gamma, epoch);
  }
}
