package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the lr when a metric stops improving, exactly {@code
 * torch.optim.lr_scheduler.ReduceLROnPlateau} of PyTorch 1.13. Each {@link #step(double)} does
 *
 * <pre>
 * if better(m, best): best = m; bad = 0  else: bad += 1
 * if cooldown_counter > 0: cooldown_counter -= 1; bad = 0
 * if bad > patience:
 *     for each group: new = max(lr * factor, min_lr); if lr - new > eps: lr = new
 *     cooldown_counter = cooldown; bad = 0
 * </pre>
 *
 * where {@code better} is {@code m < best * (1 - threshold)} (min, rel), {@code m < best -
 * threshold} (min, abs), {@code m > best * (1 + threshold)} (max, rel) or {@code m > best +
 * threshold} (max, abs), starting from {@code best = +inf} (min) or {@code -inf} (max). It has no
 * closed form (it depends on the metrics), so it is not an {@link LRScheduler}; its state dict is
 * exact text as theirs.
 */
public final class ReduceLROnPlateau {
  /** Whether lower or higher metrics are better. */
  public enum Mode {
    /** Lower is better (a loss). */
    MIN,
    /** Higher is better (an accuracy). */
    MAX
  }

  /** How {@code threshold} measures a significant improvement. */
  public enum ThresholdMode {
    /** Relative to the best value. */
    REL,
    /** Absolute. */
    ABS
  }

  private final Optimizer optimizer;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double minLr;
  private final double eps;
  private int lastEpoch;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private double[] lastLr;

  /** PyTorch's defaults: min, factor 0.1, patience 10, threshold 1e-4 rel, no cooldown. */
  public ReduceLROnPlateau(Optimizer optimizer) {
    this(optimizer, Mode.MIN, 0.1, 10);
  }

  /** The common options; threshold 1e-4 rel, no cooldown, min_lr 0, eps 1e-8. */
  public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
    this(optimizer, mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
  }

  /**
   * Every option of PyTorch's constructor.
   *
   * @throws IllegalArgumentException when {@code factor} is not in [0, 1), a count is negative, or
   *     {@code threshold}, {@code minLr} or {@code eps} is negative or not finite
   */
  public ReduceLROnPlateau(
      Optimizer optimizer,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      ThresholdMode thresholdMode,
      int cooldown,
      double minLr,
      double eps) {
    String op = "ReduceLROnPlateau";
    check(
        optimizer != null && mode != null && thresholdMode != null,
        op + ": optimizer, mode and threshold_mode must not be null");
    check(factor < 1.0, op + ": factor should be < 1.0, got " + factor);
    check(factor >= 0, op + ": factor must be >= 0, got " + factor);
    check(patience >= 0, op + ": patience must be >= 0, got " + patience);
    check(cooldown >= 0, op + ": cooldown must be >= 0, got " + cooldown);
    check(
        finiteNonNegative(threshold), op + ": threshold must be finite and >= 0, got " + threshold);
    check(finiteNonNegative(minLr), op + ": min_lr must be finite and >= 0, got " + minLr);
    check(finiteNonNegative(eps), op + ": eps must be finite and >= 0, got " + eps);
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.eps = eps;
    this.best = worst();
    this.lastLr = currentLrs();
  }

  private static boolean finiteNonNegative(double v) {
    return v >= 0 && v < Double.POSITIVE_INFINITY;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  private double[] currentLrs() {
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = groups.get(i).lr();
    }
    return lrs;
  }

  /** Whether {@code metric} beats {@code ref} by more than the threshold. */
  public boolean isBetter(double metric, double ref) {
    if (mode == Mode.MIN) {
      return thresholdMode == ThresholdMode.REL
          ? metric < ref * (1 - threshold)
          : metric < ref - threshold;
    }
    return thresholdMode == ThresholdMode.REL
        ? metric > ref * (threshold + 1)
        : metric > ref + threshold;
  }

  /** Records one epoch's metric and lowers the lrs when it has plateaued. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      for (ParamGroup g : optimizer.paramGroups()) {
        double old = g.lr();
        double next = Math.max(old * factor, minLr);
        if (old - next > eps) {
          g.setLr(next);
        }
      }
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
    lastLr = currentLrs();
  }

  /** The lrs after the last step (the optimizer's lrs at construction before any). */
  public double[] getLastLr() {
    return lastLr.clone();
  }

  /** The best metric so far ({@code ±inf} before any step). */
  public double best() {
    return best;
  }

  /** Consecutive epochs without significant improvement. */
  public int numBadEpochs() {
    return numBadEpochs;
  }

  /** Epochs left in the current cooldown. */
  public int cooldownCounter() {
    return cooldownCounter;
  }

  /** The number of {@link #step(double)} calls. */
  public int lastEpoch() {
    return lastEpoch;
  }

  /**
   * The state as exact text: {@code scheduler}, {@code last_epoch}, {@code best}, {@code
   * num_bad_epochs}, {@code cooldown_counter}, {@code last_lr}.
   */
  public Map<String, String> stateDict() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("scheduler", "ReduceLROnPlateau");
    m.put("last_epoch", Integer.toString(lastEpoch));
    m.put("best", Double.toString(best));
    m.put("num_bad_epochs", Integer.toString(numBadEpochs));
    m.put("cooldown_counter", Integer.toString(cooldownCounter));
    m.put("last_lr", StateText.doubles(lastLr));
    return m;
  }

  /**
   * Restores a state from {@link #stateDict()}; the optimizer's lrs are not touched (they travel in
   * {@link Optimizer#stateMetadata()}).
   *
   * @throws IllegalArgumentException for another scheduler's state or a malformed entry; nothing is
   *     changed then
   */
  public void loadStateDict(Map<String, String> state) {
    String op = "ReduceLROnPlateau.loadStateDict";
    StateText.requireKind(op, state, "ReduceLROnPlateau");
    int epoch = StateText.parseInt(op, state, "last_epoch");
    double b = StateText.parseDouble(op, state, "best");
    int bad = StateText.parseInt(op, state, "num_bad_epochs");
    int cool = StateText.parseInt(op, state, "cooldown_counter");
    double[] last = StateText.parseDoubles(op, state, "last_lr", lastLr.length);
    check(
        epoch >= 0 && bad >= 0 && cool >= 0,
        op
            + ": counters must be >= 0, got last_epoch="
            + epoch
            + ", num_bad_epochs="
            + bad
            + ", cooldown_counter="
            + cool);
    lastEpoch = epoch;
    best = b;
    numBadEpochs = bad;
    cooldownCounter = cool;
    lastLr = last;
  }
}
