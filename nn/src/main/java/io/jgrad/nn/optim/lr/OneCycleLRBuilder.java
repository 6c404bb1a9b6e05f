package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import java.util.Arrays;

/**
 * Names the many options of {@link OneCycleLR}; unset options keep PyTorch's defaults (pct_start
 * 0.3, cos, div_factor 25, final_div_factor 1e4, two phases, momentum cycled between 0.85 and
 * 0.95). The length is required: {@link #totalSteps(int)} or {@link #epochs(int, int)}.
 *
 * <pre>{@code
 * var sched = OneCycleLR.builder(opt, 0.1).epochs(10, loader.size()).pctStart(0.25).build();
 * }</pre>
 */
public final class OneCycleLRBuilder {
  private final Optimizer optimizer;
  private double[] maxLrs;
  private int totalSteps = -1;
  private double pctStart = 0.3;
  private AnnealStrategy strategy = AnnealStrategy.COS;
  private double divFactor = 25;
  private double finalDivFactor = 1e4;
  private boolean threePhase;
  private boolean cycleMomentum = true;
  private double baseMomentum = 0.85;
  private double maxMomentum = 0.95;

  OneCycleLRBuilder(Optimizer optimizer, double maxLr) {
    if (optimizer == null) {
      throw new IllegalArgumentException("OneCycleLR: optimizer must not be null");
    }
    this.optimizer = optimizer;
    this.maxLrs = new double[optimizer.paramGroups().size()];
    Arrays.fill(maxLrs, maxLr);
  }

  /** One peak lr per param group instead of a shared one. */
  public OneCycleLRBuilder maxLrs(double... perGroup) {
    if (perGroup == null) {
      throw new IllegalArgumentException("OneCycleLR: max_lr values must not be null");
    }
    this.maxLrs = perGroup.clone();
    return this;
  }

  /** The schedule's length in optimizer steps. */
  public OneCycleLRBuilder totalSteps(int steps) {
    this.totalSteps = steps;
    return this;
  }

  /**
   * The length as {@code epochs * stepsPerEpoch}, PyTorch's alternative to {@code total_steps}.
   *
   * @throws IllegalArgumentException when either is below 1 or the product overflows an int
   */
  public OneCycleLRBuilder epochs(int epochs, int stepsPerEpoch) {
    if (epochs < 1 || stepsPerEpoch < 1) {
      throw new IllegalArgumentException(
          "OneCycleLR: epochs and steps_per_epoch must be positive integers, got epochs="
              + epochs
              + ", steps_per_epoch="
              + stepsPerEpoch);
    }
    long total = (long) epochs * stepsPerEpoch;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "OneCycleLR: epochs * steps_per_epoch = " + total + " exceeds " + Integer.MAX_VALUE);
    }
    this.totalSteps = (int) total;
    return this;
  }

  /** Fraction of the steps spent raising the lr (default 0.3). */
  public OneCycleLRBuilder pctStart(double pct) {
    this.pctStart = pct;
    return this;
  }

  /** Cosine (default) or linear annealing. */
  public OneCycleLRBuilder annealStrategy(AnnealStrategy s) {
    this.strategy = s;
    return this;
  }

  /** initial lr = max_lr / divFactor (default 25). */
  public OneCycleLRBuilder divFactor(double f) {
    this.divFactor = f;
    return this;
  }

  /** min lr = initial lr / finalDivFactor (default 1e4). */
  public OneCycleLRBuilder finalDivFactor(double f) {
    this.finalDivFactor = f;
    return this;
  }

  /** Whether to use the three-phase variant (default false). */
  public OneCycleLRBuilder threePhase(boolean on) {
    this.threePhase = on;
    return this;
  }

  /** Whether to cycle momentum / beta1 (default true). */
  public OneCycleLRBuilder cycleMomentum(boolean on) {
    this.cycleMomentum = on;
    return this;
  }

  /** The momentum range: {@code base} at the lr peak, {@code max} at the ends. */
  public OneCycleLRBuilder momentum(double base, double max) {
    this.baseMomentum = base;
    this.maxMomentum = max;
    return this;
  }

  /**
   * Creates the scheduler, which sets step 0.
   *
   * @throws IllegalArgumentException when no length was given, or as {@link OneCycleLR}'s
   *     constructor
   */
  public OneCycleLR build() {
    if (totalSteps == -1) {
      throw new IllegalArgumentException(
          "OneCycleLR: you must define either total_steps or (epochs and steps_per_epoch)");
    }
    return new OneCycleLR(
        optimizer,
        maxLrs,
        totalSteps,
        pctStart,
        strategy,
        divFactor,
        finalDivFactor,
        threePhase,
        cycleMomentum,
        baseMomentum,
        maxMomentum);
  }
}
