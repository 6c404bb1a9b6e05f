package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers, shaped like {@code torch.optim.Optimizer}: parameter groups with mutable
 * hyper-parameters, per-parameter state, {@link #zeroGrad()} and {@link #step()}. Optimizers see
 * only tensors (leaf tensors that require grad), never modules.
 *
 * <h2>State dict</h2>
 *
 * The state is split so that it round-trips exactly through a safetensors file (named float32
 * tensors plus a string-to-string metadata map):
 *
 * <ul>
 *   <li>{@link #stateDict()}: the per-parameter buffers as float32 tensors, {@code
 *       state.<i>.momentum_buffer}, {@code state.<i>.exp_avg}, {@code state.<i>.exp_avg_sq}, and
 *       the step count of counting optimizers (Adam) as a 0-d tensor {@code state.<i>.step}
 *       (float32 holds every integer up to 2^24 exactly; larger counts are rejected). {@code i} is
 *       the parameter's position when the groups are concatenated in order, as in PyTorch.
 *   <li>{@link #stateMetadata()}: the optimizer's name, the groups' parameter indices and every
 *       group option as text ({@link Double#toString(double)} round-trips each double exactly),
 *       e.g. {@code param_groups.0.lr = 0.1}, {@code param_groups.0.params = 0,1,2}.
 * </ul>
 *
 * {@link #loadStateDict(Map, Map)} restores both, so training resumes bit-identically; {@link
 * #loadStateDict(Map)} restores only the per-parameter state and keeps the current options. Create
 * the optimizer and its schedulers first, then load their states (a scheduler's constructor writes
 * the learning rate).
 */
public abstract class Optimizer {
  private final String name;
  private final Map<String, Double> defaults;
  private final Map<String, Boolean> flagDefaults;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

  /**
   * Builds the optimizer over {@code groups}, filling each group's missing options from {@code
   * defaults} / {@code flagDefaults} and validating it with {@link #validate}. {@code validate}
   * runs before the subclass's fields are set, so it must use only the group.
   *
   * @param name the optimizer's name in messages and state dicts, e.g. {@code "SGD"}
   * @param groups the parameter groups, each with only the options it overrides
   * @param defaults every numeric option the optimizer has, with its default value
   * @param flagDefaults every boolean option the optimizer has, with its default value
   */
  protected Optimizer(
      String name,
      List<ParamGroup> groups,
      Map<String, Double> defaults,
      Map<String, Boolean> flagDefaults) {
    this.name = name;
    this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    this.flagDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(flagDefaults));
    if (groups == null) {
      throw new IllegalArgumentException(name + ": params must not be null");
    }
    for (ParamGroup g : groups) {
      addParamGroup(g);
    }
    if (params().isEmpty()) {
      throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
    }
  }

  /** Wraps a plain parameter list as the single group of a new optimizer. */
  protected static List<ParamGroup> singleGroup(String name, List<Tensor> params) {
    if (params == null) {
      throw new IllegalArgumentException(name + ": params must not be null");
    }
    return List.of(ParamGroup.of(params));
  }

  /** The optimizer's name, e.g. {@code "SGD"}. */
  public final String name() {
    return name;
  }

  /** The parameter groups, in order (the list is read-only, the groups are mutable). */
  public final List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** The default options the groups were filled from (read-only). */
  public final Map<String, Double> defaults() {
    return defaults;
  }

  /** Whether this optimizer's groups have numeric option {@code key} (e.g. {@code beta1}). */
  public final boolean hasOption(String key) {
    return defaults.containsKey(key);
  }

  /**
   * Adds a group of parameters (PyTorch {@code add_param_group}); missing options come from the
   * defaults.
   *
   * @throws IllegalArgumentException for a non-leaf parameter, a parameter already optimized, an
   *     unknown option or an invalid value
   */
  public final void addParamGroup(ParamGroup group) {
    int index = groups.size();
    if (group == null) {
      throw new IllegalArgumentException(name + ": param group " + index + " is null");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(params());
    for (int i = 0; i < group.params().size(); i++) {
      Tensor p = group.params().get(i);
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(
            name
                + ": can't optimize a non-leaf tensor (param group "
                + index
                + ", parameter "
                + i
                + ", "
                + p
                + ")");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException(
            name
                + ": some parameters appear in more than one parameter group (param group "
                + index
                + ", parameter "
                + i
                + ", "
                + p
                + ")");
      }
    }
    group.fillDefaults(name, index, defaults, flagDefaults);
    validate(group, index);
    groups.add(group);
  }

  /** Every parameter, the groups concatenated in order; position = state-dict index. */
  public final List<Tensor> params() {
    List<Tensor> all = new ArrayList<>();
    for (ParamGroup g : groups) {
      all.addAll(g.params());
    }
    return all;
  }

  /** Clears every parameter's gradient (PyTorch {@code zero_grad(set_to_none=True)}). */
  public void zeroGrad() {
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
        p.setGrad(null);
      }
    }
  }

  /** One update of every parameter that has a gradient; parameters without one are skipped. */
  public abstract void step();

  /**
   * Checks one group's options.
   *
   * @throws IllegalArgumentException naming the optimizer, the option, its value and the group
   */
  protected abstract void validate(ParamGroup group, int index);

  /** The buffer names this optimizer keeps per parameter (for state loading). */
  protected abstract Set<String> stateBufferNames();

  /** Whether this optimizer counts steps per parameter (stored as {@code state.<i>.step}). */
  protected abstract boolean countsSteps();

  /** Re-validates every group; {@link #step()} calls this first, as schedulers write options. */
  protected final void validateGroups() {
    for (int i = 0; i < groups.size(); i++) {
      validate(groups.get(i), i);
    }
  }

  /** Throws {@code name: message (param group index)} unless {@code ok}. */
  protected final void require(boolean ok, int index, String message) {
    if (!ok) {
      throw new IllegalArgumentException(name + ": " + message + " (param group " + index + ")");
    }
  }

  /** The state of {@code param}, or null before its first update. */
  public final ParamState state(Tensor param) {
    return state.get(param);
  }

  /** The state of {@code param}, created empty when missing. */
  protected final ParamState stateOrCreate(Tensor param) {
    return state.computeIfAbsent(param, k -> new ParamState());
  }

  /** The live state map (identity keys); for {@link OptimizerStateDict}. */
  final Map<Tensor, ParamState> stateMap() {
    return state;
  }

  /** The per-parameter state as float32 tensors (copies); see the class comment for keys. */
  public final Map<String, Tensor> stateDict() {
    return OptimizerStateDict.tensors(this);
  }

  /** The optimizer name, groups and options as exact text; see the class comment for keys. */
  public final Map<String, String> stateMetadata() {
    return OptimizerStateDict.metadata(this);
  }

  /**
   * Replaces the per-parameter state with {@code tensors} (from {@link #stateDict()}), copied onto
   * each parameter's device; the group options stay as they are.
   *
   * @throws IllegalArgumentException for an unknown key, an index out of range or a wrong shape;
   *     nothing is changed then
   */
  public final void loadStateDict(Map<String, Tensor> tensors) {
    OptimizerStateDict.load(this, tensors, null);
  }

  /**
   * Replaces the per-parameter state and the group options with a saved pair ({@link #stateDict()},
   * {@link #stateMetadata()}).
   *
   * @throws IllegalArgumentException when the state belongs to another optimizer or other groups,
   *     or is malformed; nothing is changed then
   */
  public final void loadStateDict(Map<String, Tensor> tensors, Map<String, String> metadata) {
    OptimizerStateDict.load(this, tensors, metadata);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(" (");
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      sb.append(i == 0 ? "" : ", ").append("group ").append(i).append(": ");
      sb.append(g.params().size()).append(" params ").append(g.options()).append(g.flags());
    }
    return sb.append(')').toString();
  }
}
