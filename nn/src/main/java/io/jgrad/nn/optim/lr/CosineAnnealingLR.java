package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;

/**
 * Cosine annealing from each group's base lr down to {@code etaMin} over {@code tMax} epochs, the
 * closed form of {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 *
 * <pre>
 * lr(epoch) = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2
 * </pre>
 *
 * Past {@code tMax} the cosine continues, so the lr climbs back up (no warm restarts).
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** Cosine annealing down to 0. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /**
   * Cosine annealing; sets epoch 0.
   *
   * @throws IllegalArgumentException when {@code tMax < 1} or {@code etaMin} is negative or not
   *     finite
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) {
      throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
    }
    if (!(etaMin >= 0 && etaMin < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "CosineAnnealingLR: eta_min must be finite and >= 0, got " + etaMin);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  public double lrAt(int epoch, int group) {
    checkArgs(epoch, group);
    return etaMin + (baseLr(group) - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }
}
