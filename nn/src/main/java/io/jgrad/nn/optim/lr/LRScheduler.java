package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the epoch- or step-indexed learning-rate schedules, PyTorch 1.13's {@code
 * torch.optim.lr_scheduler} semantics with the math kept in one pure function:
 *
 * <ul>
 *   <li>{@link #lrAt(int, int)} is the closed form: the lr of a param group after {@code epoch}
 *       calls of {@link #step()} (PyTorch's {@code _get_closed_form_lr}); it depends only on the
 *       constructor arguments and the base lrs, never on the optimizer's current lr.
 *   <li>The state is thin: {@code lastEpoch} starts at -1, the constructor performs the initial
 *       step to epoch 0, and {@link #step()} advances by one and writes {@code lrAt(lastEpoch)}
 *       into every param group.
 * </ul>
 *
 * Because every value comes from the closed form, two schedulers on one optimizer do not chain (the
 * last one to step wins), unlike PyTorch's recursive form. {@link #stateDict()} is a
 * string-to-string map that fits the safetensors metadata and restores exactly. As in PyTorch,
 * loading it does not touch the optimizer, whose lrs travel in {@link Optimizer#stateMetadata()};
 * create the scheduler first, then load both states.
 */
public abstract class LRScheduler {
  private final Optimizer optimizer;
  private final double[] baseLrs;
  private int lastEpoch = -1;
  private double[] lastLr;

  /** A schedule whose base lrs are the optimizer's current group lrs. */
  protected LRScheduler(Optimizer optimizer) {
    this(optimizer, currentLrs(optimizer));
  }

  /** A schedule with explicit base lrs, one per param group. */
  protected LRScheduler(Optimizer optimizer, double[] baseLrs) {
    this.optimizer = optimizer;
    if (baseLrs.length != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException(
          name()
              + ": got "
              + baseLrs.length
              + " base lrs for "
              + optimizer.paramGroups().size()
              + " param groups");
    }
    this.baseLrs = baseLrs.clone();
    this.lastLr = currentLrs(optimizer);
  }

  private static double[] currentLrs(Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException("LRScheduler: optimizer must not be null");
    }
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = groups.get(i).lr();
    }
    return lrs;
  }

  /**
   * Performs PyTorch's initial step to epoch 0; subclasses call it as the last statement of their
   * constructor, once their own fields are set.
   */
  protected final void initialStep() {
    if (lastEpoch != -1) {
      throw new IllegalStateException(name() + ": the initial step was already taken");
    }
    step();
  }

  /**
   * The lr of param group {@code group} after {@code epoch} calls of {@link #step()} (epoch 0 is
   * the value the constructor sets).
   *
   * @throws IllegalArgumentException for a negative epoch, an epoch past the end of a finite
   *     schedule, or a group index out of range
   */
  public abstract double lrAt(int epoch, int group);

  /** {@link #lrAt(int, int)} of param group 0. */
  public final double lrAt(int epoch) {
    return lrAt(epoch, 0);
  }

  /** Hook for schedules that also write other options (momentum); called after the lrs. */
  protected void writeExtras(int epoch) {}

  /**
   * Advances {@code lastEpoch} by one and writes the new lrs into the optimizer's groups. Call it
   * after {@code optimizer.step()}.
   *
   * @throws IllegalStateException when param groups were added after the scheduler was made
   */
  public final void step() {
    List<ParamGroup> groups = optimizer.paramGroups();
    if (groups.size() != baseLrs.length) {
      throw new IllegalStateException(
          name()
              + ".step: the optimizer has "
              + groups.size()
              + " param groups, the scheduler "
              + "was made for "
              + baseLrs.length);
    }
    int next = lastEpoch + 1;
    double[] lrs = new double[groups.size()];
    for (int g = 0; g < lrs.length; g++) {
      lrs[g] = lrAt(next, g);
    }
    for (int g = 0; g < lrs.length; g++) {
      groups.get(g).setLr(lrs[g]);
    }
    writeExtras(next);
    lastEpoch = next;
    lastLr = lrs;
  }

  /** The lrs written by the last step, one per group (a copy). */
  public final double[] getLastLr() {
    return lastLr.clone();
  }

  /** The number of {@link #step()} calls after the initial one; -1 before it. */
  public final int lastEpoch() {
    return lastEpoch;
  }

  /** The optimizer this schedule drives. */
  public final Optimizer optimizer() {
    return optimizer;
  }

  /** The base lr of param group {@code group}. */
  public final double baseLr(int group) {
    checkGroup(group);
    return baseLrs[group];
  }

  /** Throws unless {@code epoch >= 0} and {@code group} is a valid group index. */
  protected final void checkArgs(int epoch, int group) {
    if (epoch < 0) {
      throw new IllegalArgumentException(name() + ".lrAt: epoch must be >= 0, got " + epoch);
    }
    checkGroup(group);
  }

  private void checkGroup(int group) {
    if (group < 0 || group >= baseLrs.length) {
      throw new IllegalArgumentException(
          name() + ": param group " + group + " out of range [0, " + baseLrs.length + ")");
    }
  }

  /** The scheduler's name in messages and state dicts, e.g. {@code StepLR}. */
  protected final String name() {
    return getClass().getSimpleName();
  }

  /**
   * The state as exact text: {@code scheduler} (the class name), {@code last_epoch}, {@code
   * base_lrs} and {@code last_lr} (comma-separated doubles, one per group).
   */
  public Map<String, String> stateDict() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("scheduler", name());
    m.put("last_epoch", Integer.toString(lastEpoch));
    m.put("base_lrs", StateText.doubles(baseLrs));
    m.put("last_lr", StateText.doubles(lastLr));
    return m;
  }

  /**
   * Restores a state from {@link #stateDict()} of the same kind of scheduler with the same number
   * of param groups; the optimizer is not touched.
   *
   * @throws IllegalArgumentException for another scheduler's state or a malformed entry; nothing is
   *     changed then
   */
  public void loadStateDict(Map<String, String> state) {
    String op = name() + ".loadStateDict";
    StateText.requireKind(op, state, name());
    int epoch = StateText.parseInt(op, state, "last_epoch");
    if (epoch < -1) {
      throw new IllegalArgumentException(op + ": last_epoch must be >= -1, got " + epoch);
    }
    double[] base = StateText.parseDoubles(op, state, "base_lrs", baseLrs.length);
    double[] last = StateText.parseDoubles(op, state, "last_lr", baseLrs.length);
    lastEpoch = epoch;
    System.arraycopy(base, 0, baseLrs, 0, base.length);
    lastLr = last;
  }
}
