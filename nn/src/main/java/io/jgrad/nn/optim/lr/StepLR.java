package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;

/**
 * Decays each group's lr by {@code gamma} every {@code stepSize} epochs, like {@code
 * torch.optim.lr_scheduler.StepLR}: {@code lr(epoch) = base_lr * gamma^floor(epoch / stepSize)}.
 */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /** StepLR with PyTorch's default {@code gamma = 0.1}. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  /**
   * StepLR; sets epoch 0.
   *
   * @throws IllegalArgumentException when {@code stepSize < 1} or {@code gamma} is negative or not
   *     finite
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) {
      throw new IllegalArgumentException("StepLR: step_size must be >= 1, got " + stepSize);
    }
    if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("StepLR: gamma must be finite and >= 0, got " + gamma);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  public double lrAt(int epoch, int group) {
    checkArgs(epoch, group);
    return baseLr(group) * Math.pow(gamma, epoch / stepSize);
  }
}
