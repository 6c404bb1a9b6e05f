package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of parameters with their own hyper-parameters, like one entry of PyTorch's {@code
 * optimizer.param_groups}. Numeric options ({@code lr}, {@code momentum}, {@code beta1}, ...) and
 * boolean flags ({@code nesterov}, {@code amsgrad}) stay mutable: LR schedulers write {@code lr}
 * and, for one-cycle momentum, {@code momentum} or {@code beta1} between optimizer steps.
 *
 * <p>Create a group with only the options that differ from the optimizer's defaults; the optimizer
 * fills in the rest and rejects options it does not know:
 *
 * <pre>{@code
 * var groups = List.of(
 *     ParamGroup.of(backbone.parameters()),
 *     ParamGroup.of(head.parameters()).with(ParamGroup.LR, 0.1));
 * Optimizer opt = SGD.forGroups(groups, 0.01, 0.9, 0, 5e-4, false);
 * }</pre>
 */
public final class ParamGroup {
  /** Learning rate. */
  public static final String LR = "lr";

  /** SGD momentum factor. */
  public static final String MOMENTUM = "momentum";

  /** SGD momentum dampening. */
  public static final String DAMPENING = "dampening";

  /** Weight decay (L2 for SGD and Adam, decoupled for AdamW). */
  public static final String WEIGHT_DECAY = "weight_decay";

  /** SGD Nesterov flag. */
  public static final String NESTEROV = "nesterov";

  /** Adam first-moment decay (PyTorch {@code betas[0]}). */
  public static final String BETA1 = "beta1";

  /** Adam second-moment decay (PyTorch {@code betas[1]}). */
  public static final String BETA2 = "beta2";

  /** Adam denominator term. */
  public static final String EPS = "eps";

  /** Adam AMSGrad flag (only {@code false} is supported). */
  public static final String AMSGRAD = "amsgrad";

  private final List<Tensor> params;
  private final Map<String, Double> options = new LinkedHashMap<>();
  private final Map<String, Boolean> flags = new LinkedHashMap<>();

  private ParamGroup(List<Tensor> params) {
    if (params == null) {
      throw new IllegalArgumentException("ParamGroup: params must not be null");
    }
    List<Tensor> copy = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (p == null) {
        throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
      }
      copy.add(p);
    }
    this.params = Collections.unmodifiableList(copy);
  }

  /** A group over {@code params} with no options of its own yet. */
  public static ParamGroup of(List<Tensor> params) {
    return new ParamGroup(params);
  }

  /** Sets numeric option {@code key} before the group is handed to an optimizer; returns this. */
  public ParamGroup with(String key, double value) {
    options.put(key, value);
    return this;
  }

  /** Sets boolean flag {@code key} before the group is handed to an optimizer; returns this. */
  public ParamGroup withFlag(String key, boolean value) {
    flags.put(key, value);
    return this;
  }

  /** The parameters, in order (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /** Whether numeric option {@code key} is set. */
  public boolean has(String key) {
    return options.containsKey(key);
  }

  /** Whether boolean flag {@code key} is set. */
  public boolean hasFlag(String key) {
    return flags.containsKey(key);
  }

  /**
   * Numeric option {@code key}.
   *
   * @throws IllegalArgumentException naming the known options when {@code key} is not set
   */
  public double get(String key) {
    Double v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "ParamGroup.get: no option '" + key + "'; this group has " + options.keySet());
    }
    return v;
  }

  /**
   * Overwrites the existing numeric option {@code key} (schedulers call this between steps).
   *
   * @throws IllegalArgumentException when {@code key} is not an option of this group
   */
  public void set(String key, double value) {
    if (!options.containsKey(key)) {
      throw new IllegalArgumentException(
          "ParamGroup.set: no option '" + key + "'; this group has " + options.keySet());
    }
    options.put(key, value);
  }

  /**
   * Boolean flag {@code key}.
   *
   * @throws IllegalArgumentException naming the known flags when {@code key} is not set
   */
  public boolean flag(String key) {
    Boolean v = flags.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "ParamGroup.flag: no flag '" + key + "'; this group has " + flags.keySet());
    }
    return v;
  }

  /**
   * Overwrites the existing boolean flag {@code key}.
   *
   * @throws IllegalArgumentException when {@code key} is not a flag of this group
   */
  public void setFlag(String key, boolean value) {
    if (!flags.containsKey(key)) {
      throw new IllegalArgumentException(
          "ParamGroup.setFlag: no flag '" + key + "'; this group has " + flags.keySet());
    }
    flags.put(key, value);
  }

  /** The learning rate. */
  public double lr() {
    return get(LR);
  }

  /** Overwrites the learning rate. */
  public void setLr(double lr) {
    set(LR, lr);
  }

  /** The numeric options by name, in insertion order (read-only view). */
  public Map<String, Double> options() {
    return Collections.unmodifiableMap(options);
  }

  /** The boolean flags by name, in insertion order (read-only view). */
  public Map<String, Boolean> flags() {
    return Collections.unmodifiableMap(flags);
  }

  /** Adds the defaults this group does not set; then rejects options the optimizer lacks. */
  void fillDefaults(String optimizer, int index, Map<String, Double> dflt, Map<String, Boolean> f) {
    for (String k : options.keySet()) {
      if (!dflt.containsKey(k)) {
        throw new IllegalArgumentException(
            optimizer
                + ": param group "
                + index
                + " has unknown option '"
                + k
                + "'; known: "
                + dflt.keySet());
      }
    }
    for (String k : flags.keySet()) {
      if (!f.containsKey(k)) {
        throw new IllegalArgumentException(
            optimizer
                + ": param group "
                + index
                + " has unknown flag '"
                + k
                + "'; known: "
                + f.keySet());
      }
    }
    Map<String, Double> mergedOptions = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : dflt.entrySet()) {
      mergedOptions.put(e.getKey(), options.getOrDefault(e.getKey(), e.getValue()));
    }
    Map<String, Boolean> mergedFlags = new LinkedHashMap<>();
    for (Map.Entry<String, Boolean> e : f.entrySet()) {
      mergedFlags.put(e.getKey(), flags.getOrDefault(e.getKey(), e.getValue()));
    }
    options.clear();
    options.putAll(mergedOptions);
    flags.clear();
    flags.putAll(mergedFlags);
  }

  @Override
  public String toString() {
    return "ParamGroup(" + params.size() + " params, " + options + ", " + flags + ")";
  }
}
