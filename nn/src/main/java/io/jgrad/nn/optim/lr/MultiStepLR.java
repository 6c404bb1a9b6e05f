package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import java.util.Arrays;

/**
 * Decays each group's lr by {@code gamma} at every milestone epoch, like {@code
 * torch.optim.lr_scheduler.MultiStepLR}: {@code lr(epoch) = base_lr * gamma^(number of milestones
 * <= epoch)}. Milestones need not be sorted; a repeated milestone decays once per occurrence, as
 * PyTorch's {@code Counter} does.
 */
public final class MultiStepLR extends LRScheduler {
  private final int[] milestones;
  private final double gamma;

  /** MultiStepLR with PyTorch's default {@code gamma = 0.1}. */
  public MultiStepLR(Optimizer optimizer, int[] milestones) {
    this(optimizer, milestones, 0.1);
  }

  /**
   * MultiStepLR; sets epoch 0.
   *
   * @throws IllegalArgumentException for a null or negative milestone, or a negative or non-finite
   *     {@code gamma}
   */
  public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
    super(optimizer);
    if (milestones == null) {
      throw new IllegalArgumentException("MultiStepLR: milestones must not be null");
    }
    for (int m : milestones) {
      if (m < 0) {
        throw new IllegalArgumentException(
            "MultiStepLR: milestones must be >= 0, got " + Arrays.toString(milestones));
      }
    }
    if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "MultiStepLR: gamma must be finite and >= 0, got " + gamma);
    }
    this.milestones = milestones.clone();
    Arrays.sort(this.milestones);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  public double lrAt(int epoch, int group) {
    checkArgs(epoch, group);
    int passed = 0;
    while (passed < milestones.length && milestones[passed] <= epoch) {
      passed++;
    }
    return baseLr(group) * Math.pow(gamma, passed);
  }
}
