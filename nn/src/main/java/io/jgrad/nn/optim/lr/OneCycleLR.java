package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.util.Arrays;
import java.util.Map;

/**
 * The 1cycle policy of {@code torch.optim.lr_scheduler.OneCycleLR} (PyTorch 1.13), stepped once per
 * optimizer step. With {@code initial = max_lr / div_factor} and {@code min = initial /
 * final_div_factor}, the lr rises from {@code initial} to {@code max_lr} until step {@code e1 =
 * pct_start * total_steps - 1} and then falls to {@code min} at step {@code total_steps - 1}
 * (three-phase: up to {@code e1}, back down to {@code initial} at {@code 2 pct_start total_steps -
 * 2}, then down to {@code min}). Within a phase from step s to e, {@code pct = (k - s) / (e - s)}
 * and the value is {@link AnnealStrategy#anneal}. Momentum, when cycled, moves the other way
 * between {@code max_momentum} and {@code base_momentum} and is written to the SGD {@code momentum}
 * or the Adam {@code beta1} of every group.
 *
 * <p>The constructor sets step 0; {@link #step()} may be called {@code total_steps} times (the last
 * call follows the last optimizer step); one more is an error, as in PyTorch. The length can also
 * be given as epochs times steps per epoch: {@code OneCycleLR.builder(opt, 0.1).epochs(10,
 * 469).build()}.
 */
public final class OneCycleLR extends LRScheduler {
  private static final int INITIAL = 0;
  private static final int MAX = 1;
  private static final int MIN = 2;
  private static final int MAX_MOM = 0;
  private static final int BASE_MOM = 1;

  private final int totalSteps;
  private final AnnealStrategy strategy;
  private final double[][] lrs;
  private final double[] momenta;
  private final double[] phaseEnds;
  private final int[][] lrPhases;
  private final int[][] momentumPhases;
  private final String momentumKey;

  /**
   * PyTorch's defaults: pct_start 0.3, cos, div_factor 25, final_div_factor 1e4, two phases,
   * momentum cycled between 0.85 and 0.95.
   */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, maxLr, totalSteps, 0.3, AnnealStrategy.COS, 25, 1e4, false, true, 0.85, 0.95);
  }

  /**
   * OneCycleLR with every option; {@link #builder} names them. Overwrites every group's lr (and
   * momentum or beta1 when cycling) with the step-0 values.
   *
   * @throws IllegalArgumentException for {@code totalSteps < 1}, {@code pctStart} outside [0, 1], a
   *     non-positive or non-finite factor or lr, or momentum cycling on an optimizer with neither a
   *     {@code momentum} nor a {@code beta1} option
   */
  public OneCycleLR(
      Optimizer optimizer,
      double maxLr,
      int totalSteps,
      double pctStart,
      AnnealStrategy annealStrategy,
      double divFactor,
      double finalDivFactor,
      boolean threePhase,
      boolean cycleMomentum,
      double baseMomentum,
      double maxMomentum) {
    this(
        optimizer,
        groupsOf(optimizer, maxLr),
        totalSteps,
        pctStart,
        annealStrategy,
        divFactor,
        finalDivFactor,
        threePhase,
        cycleMomentum,
        baseMomentum,
        maxMomentum);
  }

  OneCycleLR(
      Optimizer optimizer,
      double[] maxLrs,
      int totalSteps,
      double pctStart,
      AnnealStrategy annealStrategy,
      double divFactor,
      double finalDivFactor,
      boolean threePhase,
      boolean cycleMomentum,
      double baseMomentum,
      double maxMomentum) {
    super(optimizer, initialLrs(optimizer, maxLrs, divFactor, finalDivFactor));
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "OneCycleLR: total_steps must be a positive integer, got " + totalSteps);
    }
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException(
          "OneCycleLR: pct_start must be a float between 0 and 1, got " + pctStart);
    }
    if (annealStrategy == null) {
      throw new IllegalArgumentException("OneCycleLR: anneal_strategy must not be null");
    }
    if (!Double.isFinite(baseMomentum) || !Double.isFinite(maxMomentum)) {
      throw new IllegalArgumentException(
          "OneCycleLR: momenta must be finite, got base_momentum="
              + baseMomentum
              + ", max_momentum="
              + maxMomentum);
    }
    this.totalSteps = totalSteps;
    this.strategy = annealStrategy;
    this.lrs = new double[maxLrs.length][];
    for (int g = 0; g < maxLrs.length; g++) {
      double initial = maxLrs[g] / divFactor;
      lrs[g] = new double[] {initial, maxLrs[g], initial / finalDivFactor};
    }
    this.momenta = new double[] {maxMomentum, baseMomentum};
    if (threePhase) {
      phaseEnds =
          new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
      lrPhases = new int[][] {{INITIAL, MAX}, {MAX, INITIAL}, {INITIAL, MIN}};
      momentumPhases = new int[][] {{MAX_MOM, BASE_MOM}, {BASE_MOM, MAX_MOM}, {MAX_MOM, MAX_MOM}};
    } else {
      phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
      lrPhases = new int[][] {{INITIAL, MAX}, {MAX, MIN}};
      momentumPhases = new int[][] {{MAX_MOM, BASE_MOM}, {BASE_MOM, MAX_MOM}};
    }
    this.momentumKey = cycleMomentum ? momentumKey(optimizer) : null;
    initialStep();
  }

  /** A builder naming every option, with PyTorch's defaults. */
  public static OneCycleLRBuilder builder(Optimizer optimizer, double maxLr) {
    return new OneCycleLRBuilder(optimizer, maxLr);
  }

  private static double[] groupsOf(Optimizer optimizer, double maxLr) {
    if (optimizer == null) {
      throw new IllegalArgumentException("OneCycleLR: optimizer must not be null");
    }
    double[] m = new double[optimizer.paramGroups().size()];
    Arrays.fill(m, maxLr);
    return m;
  }

  private static double[] initialLrs(
      Optimizer optimizer, double[] maxLrs, double divFactor, double finalDivFactor) {
    if (optimizer == null) {
      throw new IllegalArgumentException("OneCycleLR: optimizer must not be null");
    }
    if (maxLrs.length != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException(
          "OneCycleLR: expected "
              + optimizer.paramGroups().size()
              + " values for max_lr, got "
              + maxLrs.length);
    }
    if (!(divFactor > 0 && divFactor < Double.POSITIVE_INFINITY)
        || !(finalDivFactor > 0 && finalDivFactor < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "OneCycleLR: div_factor and final_div_factor must be"
              + " finite and > 0, got "
              + divFactor
              + " and "
              + finalDivFactor);
    }
    double[] initial = new double[maxLrs.length];
    for (int g = 0; g < maxLrs.length; g++) {
      if (!(maxLrs[g] >= 0 && maxLrs[g] < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "OneCycleLR: max_lr must be finite and >= 0, got " + maxLrs[g] + " (group " + g + ")");
      }
      initial[g] = maxLrs[g] / divFactor;
    }
    return initial;
  }

  private static String momentumKey(Optimizer optimizer) {
    if (optimizer.hasOption(ParamGroup.BETA1)) {
      return ParamGroup.BETA1;
    }
    if (optimizer.hasOption(ParamGroup.MOMENTUM)) {
      return ParamGroup.MOMENTUM;
    }
    throw new IllegalArgumentException(
        "OneCycleLR: optimizer "
            + optimizer.name()
            + " must support momentum (a momentum or beta1 option) with cycle_momentum enabled");
  }

  /** The schedule's length in optimizer steps. */
  public int totalSteps() {
    return totalSteps;
  }

  /**
   * The lr of group {@code group} at optimizer step {@code step} (0 ≤ step ≤ total_steps).
   *
   * @throws IllegalArgumentException past the end, or for a phase of zero length
   */
  @Override
  public double lrAt(int step, int group) {
    checkArgs(step, group);
    return value(step, lrPhases, lrs[group]);
  }

  /**
   * The momentum (or beta1) written at step {@code step}; the same for every group.
   *
   * @throws IllegalStateException when momentum is not cycled
   */
  public double momentumAt(int step) {
    if (momentumKey == null) {
      throw new IllegalStateException("OneCycleLR.momentumAt: cycle_momentum is off");
    }
    checkArgs(step, 0);
    return value(step, momentumPhases, momenta);
  }

  private double value(int step, int[][] phases, double[] values) {
    if (step > totalSteps) {
      throw new IllegalArgumentException(
          "OneCycleLR: tried to step "
              + step
              + " times; the specified number of total steps is "
              + totalSteps);
    }
    double start = 0;
    for (int i = 0; i < phaseEnds.length; i++) {
      double end = phaseEnds[i];
      if (step <= end || i == phaseEnds.length - 1) {
        if (end == start) {
          throw new IllegalArgumentException(
              "OneCycleLR: phase "
                  + i
                  + " has zero length (it"
                  + " ends at step "
                  + end
                  + "); change pct_start or total_steps="
                  + totalSteps);
        }
        double pct = (step - start) / (end - start);
        return strategy.anneal(values[phases[i][0]], values[phases[i][1]], pct);
      }
      start = end;
    }
    throw new AssertionError("unreachable: the last phase always matches");
  }

  @Override
  protected void writeExtras(int step) {
    if (momentumKey != null) {
      double m = momentumAt(step);
      for (ParamGroup g : optimizer().paramGroups()) {
        g.set(momentumKey, m);
      }
    }
  }

  /** The base state plus {@code total_steps}, checked on load. */
  @Override
  public Map<String, String> stateDict() {
    Map<String, String> m = super.stateDict();
    m.put("total_steps", Integer.toString(totalSteps));
    return m;
  }

  @Override
  public void loadStateDict(Map<String, String> state) {
    int saved = StateText.parseInt("OneCycleLR.loadStateDict", state, "total_steps");
    if (saved != totalSteps) {
      throw new IllegalArgumentException(
          "OneCycleLR.loadStateDict: the state is for total_steps="
              + saved
              + ", this schedule has "
              + totalSteps);
    }
    super.loadStateDict(state);
  }
}
