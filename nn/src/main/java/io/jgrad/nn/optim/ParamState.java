package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-parameter state an optimizer keeps between steps (PyTorch's {@code optimizer.state[p]}):
 * named buffers shaped like the parameter ({@code momentum_buffer}, {@code exp_avg}, {@code
 * exp_avg_sq}) and a step count. Buffers are created lazily on the parameter's device.
 */
public final class ParamState {
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private long step;

  /** Empty state: no buffers, step 0. */
  public ParamState() {}

  /** The buffer {@code name}, or null when it does not exist yet. */
  public Tensor buffer(String name) {
    return buffers.get(name);
  }

  /** The buffer {@code name}, created as zeros shaped like {@code param} on its device if new. */
  public Tensor bufferOrZeros(String name, Tensor param) {
    return buffers.computeIfAbsent(name, k -> Tensors.zeros(param.shape(), param.device()));
  }

  /** Stores {@code buffer} under {@code name}, replacing any previous one. */
  public void put(String name, Tensor buffer) {
    buffers.put(name, buffer);
  }

  /** Every buffer by name, in creation order (read-only view). */
  public Map<String, Tensor> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** The number of steps taken with this state (0 for optimizers that do not count). */
  public long step() {
    return step;
  }

  /** Adds one to the step count and returns the new count. */
  public long incrementStep() {
    return ++step;
  }

  /** Sets the step count (state loading). */
  public void setStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("ParamState.setStep: step must be >= 0, got " + step);
    }
    this.step = step;
  }
}
