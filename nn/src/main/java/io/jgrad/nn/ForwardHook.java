package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * A callback run after a module's forward pass when the module is invoked through {@link
 * Module#call}, like PyTorch's {@code register_forward_hook}. The model summary uses it to record
 * each layer's output shape.
 */
@FunctionalInterface
public interface ForwardHook {
  /** Called with the module, its input and its output. */
  void afterForward(Module module, Tensor input, Tensor output);

  /** Removes the hook when closed; closing twice is harmless. */
  @FunctionalInterface
  interface Handle extends AutoCloseable {
    /** Removes the hook. */
    @Override
    void close();
  }
}
