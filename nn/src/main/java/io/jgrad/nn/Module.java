package io.jgrad.nn;

import io.jgrad.Device;
import io.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base class of every layer and model, the counterpart of {@code torch.nn.Module}.
 *
 * <p>Java has no {@code __setattr__}, so a subclass registers its state explicitly in its
 * constructor and keeps what the call returns:
 *
 * <pre>{@code
 * registerParameter("weight", w);           // trainable leaf, requiresGrad(true)
 * registerBuffer("running_mean", zeros);    // state, saved in the state dict, no gradient
 * conv1 = registerModule("conv1", new Conv2d(1, 8, 3));
 * }</pre>
 *
 * <p>Names form PyTorch's dotted keys ({@code features.0.weight}), so state dicts map one to one
 * onto PyTorch checkpoints. Each module has its own training flag; {@link #train(boolean)} sets it
 * recursively and layers such as dropout and batch norm read their own flag.
 *
 * <p>{@link #to(Device)} replaces the parameter and buffer tensors with copies on the device, so
 * layers read their tensors through {@link #parameter(String)} / {@link #buffer(String)}; move the
 * model before creating an optimizer over its parameters.
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final List<ForwardHook> hooks = new ArrayList<>();
  private boolean training = true;

  /** The computation of this module for input {@code x}. */
  public abstract Tensor forward(Tensor x);

  /** Runs {@link #forward}, then the forward hooks: PyTorch's {@code module(x)}. */
  public final Tensor call(Tensor x) {
    Tensor out = forward(x);
    for (ForwardHook h : List.copyOf(hooks)) {
      h.afterForward(this, x, out);
    }
    return out;
  }

  /** Adds a hook run after each {@link #call}; close the handle to remove it. */
  public ForwardHook.Handle registerForwardHook(ForwardHook hook) {
    if (hook == null) {
      throw new IllegalArgumentException("registerForwardHook: hook must not be null");
    }
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  /** Whether forward hooks are registered (a layer fusion must then not skip this module). */
  final boolean hasForwardHooks() {
    return !hooks.isEmpty();
  }

  // ---- registration -------------------------------------------------------------------------

  /** Registers a child module under {@code name} and returns it. */
  protected <T extends Module> T registerModule(String name, T m) {
    checkNewName("registerModule", name);
    if (m == null) {
      throw new IllegalArgumentException("registerModule: module '" + name + "' must not be null");
    }
    children.put(name, m);
    return m;
  }

  /** Registers a leaf parameter (sets requiresGrad); null = absent, like {@code bias=False}. */
  protected Tensor registerParameter(String name, Tensor t) {
    checkNewName("registerParameter", name);
    if (t != null) {
      if (!t.isLeaf()) {
        throw new IllegalArgumentException(
            "registerParameter: '" + name + "' must be a leaf, not from " + t.gradFn().name());
      }
      t.requiresGrad(true);
    }
    params.put(name, t);
    return t;
  }

  /** Registers a buffer (state without gradient, e.g. running statistics); null = absent. */
  protected Tensor registerBuffer(String name, Tensor t) {
    checkNewName("registerBuffer", name);
    buffers.put(name, t);
    return t;
  }

  private void checkNewName(String fn, String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          fn + ": name must be non-empty and contain no '.', got '" + name + "'");
    }
    if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(
          fn + ": " + name() + " already has a parameter, buffer or module named '" + name + "'");
    }
  }

  /** This module's own parameter {@code name} (null when registered as absent). */
  protected Tensor parameter(String name) {
    if (!params.containsKey(name)) {
      throw new IllegalArgumentException(name() + " has no parameter '" + name + "'");
    }
    return params.get(name);
  }

  /** This module's own buffer {@code name} (null when registered as absent). */
  protected Tensor buffer(String name) {
    if (!buffers.containsKey(name)) {
      throw new IllegalArgumentException(name() + " has no buffer '" + name + "'");
    }
    return buffers.get(name);
  }

  // ---- traversal ----------------------------------------------------------------------------

  /** Every parameter of this module and its descendants, each once, in registration order. */
  public List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters by dotted path ({@code 0.weight}), each tensor once, in registration order. */
  public Map<String, Tensor> namedParameters() {
    return namedParameters(true);
  }

  /** Parameters by dotted path; {@code recurse = false} gives only this module's own. */
  public Map<String, Tensor> namedParameters(boolean recurse) {
    return collect(recurse, true, false, true);
  }

  /** Buffers of this module and its descendants by dotted path ({@code 1.running_mean}). */
  public Map<String, Tensor> namedBuffers() {
    return collect(true, false, true, false);
  }

  private Map<String, Tensor> collect(
      boolean recurse, boolean withParams, boolean withBuffers, boolean dedupe) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : namedModules(recurse).entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      Module m = e.getValue();
      Map<String, Tensor> none = Map.of();
      for (Map<String, Tensor> group :
          List.of(withParams ? m.params : none, withBuffers ? m.buffers : none)) {
        for (Map.Entry<String, Tensor> t : group.entrySet()) {
          if (t.getValue() != null && (!dedupe || seen.add(t.getValue()))) {
            out.put(prefix + t.getKey(), t.getValue());
          }
        }
      }
    }
    return out;
  }

  /** The direct children by name, in registration order. */
  public Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /** This module (under "") and every descendant by dotted path, parents before children. */
  public Map<String, Module> namedModules() {
    return namedModules(true);
  }

  private Map<String, Module> namedModules(boolean recurse) {
    Map<String, Module> out = new LinkedHashMap<>();
    out.put("", this);
    if (recurse) {
      for (Map.Entry<String, Module> c : children.entrySet()) {
        for (Map.Entry<String, Module> d : c.getValue().namedModules().entrySet()) {
          String key = d.getKey().isEmpty() ? c.getKey() : c.getKey() + "." + d.getKey();
          out.putIfAbsent(key, d.getValue());
        }
      }
    }
    return out;
  }

  /** Total number of parameter elements. */
  public int numParameters() {
    return Math.toIntExact(parameters().stream().mapToLong(Tensor::numel).sum());
  }

  // ---- state dict ---------------------------------------------------------------------------

  /**
   * Parameters and buffers by PyTorch's key names, module by module (own parameters, own buffers,
   * then children), e.g. {@code 0.weight, 1.weight, 1.bias, 1.running_mean, 1.running_var,
   * 1.num_batches_tracked}. The values are detached views sharing the module's storage.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    liveState().forEach((k, t) -> out.put(k, t.detach()));
    return out;
  }

  /**
   * Copies {@code state} into this module's parameters and buffers, strictly: every key must be
   * present, none may be unexpected, and every shape must match; otherwise nothing is copied and
   * the exception lists all missing keys, unexpected keys and shape mismatches.
   */
  public void loadStateDict(Map<String, Tensor> state) {
    loadStateDict(state, true);
  }

  /**
   * Copies {@code state} into this module. With {@code strict = false}, missing and unexpected keys
   * are returned rather than thrown (shape mismatches still throw, as in PyTorch).
   */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
    return StateDictLoader.load(this, state, strict);
  }

  /** Sets training mode on this module and every descendant; returns this. */
  public Module train() {
    return train(true);
  }

  /** Sets training ({@code true}) or evaluation mode recursively; returns this. */
  public Module train(boolean mode) {
    for (Module m : namedModules().values()) {
      m.training = mode;
    }
    return this;
  }

  /** Sets evaluation mode recursively; returns this. */
  public Module eval() {
    return train(false);
  }

  /** This module's own training flag. */
  public boolean isTraining() {
    return training;
  }

  /** Clears every parameter's gradient (sets it to null, PyTorch's default). */
  public void zeroGrad() {
    for (Tensor p : parameters()) {
      p.setGrad(null);
    }
  }

  /** Moves parameters (still leaves, with grads) and buffers; do it before making an optimizer. */
  public Module to(Device device) {
    Map<Tensor, Tensor> done = new IdentityHashMap<>(); // shared tensors stay shared
    for (Module m : namedModules().values()) {
      for (Map<String, Tensor> group : List.of(m.params, m.buffers)) {
        group.replaceAll(
            (k, t) -> t == null ? null : done.computeIfAbsent(t, x -> moved(x, device)));
      }
    }
    return this;
  }

  private static Tensor moved(Tensor t, Device device) {
    if (t.device().equals(device)) {
      return t;
    }
    Tensor c = t.to(device).requiresGrad(t.requiresGrad());
    if (t.grad() != null) {
      c.setGrad(t.grad().to(device));
    }
    return c;
  }

  /** The type name shown by {@code toString} and the model summary, e.g. {@code Conv2d}. */
  public String name() {
    return getClass().getSimpleName();
  }

  /** The arguments shown inside the parentheses of {@link #toString()}; empty by default. */
  protected String extraRepr() {
    return "";
  }

  /** PyTorch's repr: {@code Name(extra)} or the children one per line, indented. */
  @Override
  public String toString() {
    return ModuleRepr.render(name(), extraRepr(), children);
  }

  /** The state dict's live (non-detached) tensors. */
  Map<String, Tensor> liveState() {
    return collect(true, true, true, false);
  }
}
