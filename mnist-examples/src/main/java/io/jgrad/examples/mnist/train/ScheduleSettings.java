package io.jgrad.examples.mnist.train;

import java.util.List;
import java.util.Locale;

/**
 * The learning-rate schedule of a run. Epoch-based schedules ({@code step}, {@code multistep},
 * {@code exponential}, {@code cosine}, {@code plateau}) change the rate between epochs; {@code
 * onecycle} changes it after every batch.
 *
 * @param name none, step, multistep, exponential, onecycle, plateau or cosine
 * @param stepSize step: epochs between decays
 * @param gamma decay factor (step, multistep, exponential) or reduction factor (plateau)
 * @param milestones multistep: the epochs at which the rate decays
 * @param pctStart onecycle: share of the steps spent raising the rate
 * @param divFactor onecycle: initial rate = lr / divFactor
 * @param finalDivFactor onecycle: final rate = initial / finalDivFactor
 * @param patience plateau: epochs without improvement before a reduction
 * @param minLr plateau: floor; cosine: final rate
 */
public record ScheduleSettings(
    String name,
    int stepSize,
    double gamma,
    List<Integer> milestones,
    double pctStart,
    double divFactor,
    double finalDivFactor,
    int patience,
    double minLr) {
  /** The schedule names understood. */
  public static final List<String> NAMES =
      List.of("none", "step", "multistep", "exponential", "onecycle", "plateau", "cosine");

  /** Validates every value, naming the option at fault. */
  public ScheduleSettings {
    name = name == null ? "" : name.toLowerCase(Locale.ROOT);
    milestones = List.copyOf(milestones);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "--schedule: unknown schedule '" + name + "'; choose one of " + NAMES);
    }
    if (stepSize < 1) {
      throw new IllegalArgumentException("--step-size: must be >= 1, got " + stepSize);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("--gamma: must be in (0, 1], got " + gamma);
    }
    if (name.equals("multistep") && milestones.isEmpty()) {
      throw new IllegalArgumentException("--milestones: multistep needs at least one epoch");
    }
    for (int i = 0; i < milestones.size(); i++) {
      if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
        throw new IllegalArgumentException(
            "--milestones: must be positive and increasing, got " + milestones);
      }
    }
    if (!(pctStart > 0 && pctStart < 1)) {
      throw new IllegalArgumentException("--pct-start: must be in (0, 1), got " + pctStart);
    }
    if (!(divFactor > 0) || !(finalDivFactor > 0)) {
      throw new IllegalArgumentException(
          "--div-factor/--final-div-factor: must be > 0, got " + divFactor + ", " + finalDivFactor);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("--patience: must be >= 0, got " + patience);
    }
    if (!(minLr >= 0)) {
      throw new IllegalArgumentException("--min-lr: must be >= 0, got " + minLr);
    }
  }

  /** Whether the schedule steps after every batch (one-cycle) rather than every epoch. */
  public boolean perBatch() {
    return name.equals("onecycle");
  }
}
