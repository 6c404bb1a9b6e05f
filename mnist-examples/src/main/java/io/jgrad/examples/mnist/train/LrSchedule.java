package io.jgrad.examples.mnist.train;

import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.lr.CosineAnnealingLR;
import io.jgrad.nn.optim.lr.ExponentialLR;
import io.jgrad.nn.optim.lr.LRScheduler;
import io.jgrad.nn.optim.lr.MultiStepLR;
import io.jgrad.nn.optim.lr.OneCycleLR;
import io.jgrad.nn.optim.lr.ReduceLROnPlateau;
import io.jgrad.nn.optim.lr.StepLR;
import java.util.Map;

/**
 * The learning-rate schedule of a run, driven by the trainer after every batch and every epoch.
 * One-cycle steps per batch (its length is epochs x batches per epoch); the others per epoch,
 * plateau on the test loss. The state round-trips through checkpoint metadata.
 */
public final class LrSchedule {
  private final Optimizer optimizer;
  private final LRScheduler scheduler;
  private final ReduceLROnPlateau plateau;
  private final boolean perBatch;
  private final int totalSteps;

  private LrSchedule(
      Optimizer optimizer, LRScheduler scheduler, ReduceLROnPlateau plateau, int totalSteps) {
    this.optimizer = optimizer;
    this.scheduler = scheduler;
    this.plateau = plateau;
    this.perBatch = scheduler instanceof OneCycleLR;
    this.totalSteps = totalSteps;
  }

  /**
   * Creates the schedule (which may set the optimizer's learning rate for step 0).
   *
   * @param epochs the run's length in epochs
   * @param batchesPerEpoch optimizer steps per epoch
   */
  public static LrSchedule create(
      ScheduleSettings s, OptimSettings o, Optimizer opt, int epochs, int batchesPerEpoch) {
    switch (s.name()) {
      case "none":
        return new LrSchedule(opt, null, null, 0);
      case "step":
        return new LrSchedule(opt, new StepLR(opt, s.stepSize(), s.gamma()), null, 0);
      case "multistep":
        int[] ms = s.milestones().stream().mapToInt(Integer::intValue).toArray();
        return new LrSchedule(opt, new MultiStepLR(opt, ms, s.gamma()), null, 0);
      case "exponential":
        return new LrSchedule(opt, new ExponentialLR(opt, s.gamma()), null, 0);
      case "cosine":
        return new LrSchedule(opt, new CosineAnnealingLR(opt, epochs, s.minLr()), null, 0);
      case "plateau":
        ReduceLROnPlateau p =
            new ReduceLROnPlateau(
                opt,
                ReduceLROnPlateau.Mode.MIN,
                s.gamma() < 1 ? s.gamma() : 0.1,
                s.patience(),
                1e-4,
                ReduceLROnPlateau.ThresholdMode.REL,
                0,
                s.minLr(),
                1e-8);
        return new LrSchedule(opt, null, p, 0);
      case "onecycle":
        int total = epochs * batchesPerEpoch;
        var b =
            OneCycleLR.builder(opt, o.lr())
                .totalSteps(total)
                .pctStart(s.pctStart())
                .divFactor(s.divFactor())
                .finalDivFactor(s.finalDivFactor());
        boolean sgd = o.name().equals("sgd");
        if (sgd && o.momentum() > 0.85) {
          b.momentum(0.85, o.momentum());
        } else if (sgd) {
          b.cycleMomentum(false);
        }
        return new LrSchedule(opt, b.build(), null, total);
      default:
        throw new IllegalArgumentException(
            "--schedule: unknown schedule '"
                + s.name()
                + "'; choose one of "
                + ScheduleSettings.NAMES);
    }
  }

  /** After every optimizer step: advances a per-batch schedule (one-cycle). */
  public void afterBatch() {
    if (perBatch && scheduler.lastEpoch() + 1 < totalSteps) {
      scheduler.step();
    }
  }

  /** After every epoch: advances an epoch schedule; plateau looks at {@code testLoss}. */
  public void afterEpoch(double testLoss) {
    if (plateau != null) {
      plateau.step(testLoss);
    } else if (scheduler != null && !perBatch) {
      scheduler.step();
    }
  }

  /** The learning rate the next step will use (param group 0). */
  public double lr() {
    return optimizer.paramGroups().get(0).lr();
  }

  /** The schedule's state as text (empty without a schedule). */
  public Map<String, String> stateDict() {
    if (plateau != null) {
      return plateau.stateDict();
    }
    return scheduler == null ? Map.of() : scheduler.stateDict();
  }

  /** Restores a state from {@link #stateDict()}. */
  public void loadStateDict(Map<String, String> state) {
    if (plateau != null) {
      plateau.loadStateDict(state);
    } else if (scheduler != null) {
      scheduler.loadStateDict(state);
    }
  }
}
