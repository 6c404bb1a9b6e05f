package io.jgrad.autograd;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/**
 * A node of the autograd graph: one differentiable op. A subclass computes its forward pass in a
 * static {@code apply} method, keeps in fields exactly what its backward needs, and returns {@link
 * #record}'s tensor; {@link #backward} sits right below and maps the output gradient to one
 * gradient per input ({@code null} where {@link #needsInputGrad} is false).
 */
public abstract class Function {
  private Tensor[] inputs;
  private boolean[] needsInputGrad;
  private Backend backend;
  private boolean released;
  private Storage output;

  /**
   * The gradients of the inputs, given the gradient of the output. Each returned buffer is either
   * new or {@code gradOutput} itself: the backward engine closes gradient buffers once no node
   * needs them, so a backward must never return a buffer something else still holds.
   */
  protected abstract Storage[] backward(Storage gradOutput);

  /**
   * Drops saved state after backward; subclasses null their fields and may close buffers only they
   * hold (never an input's or the output's storage).
   */
  protected void releaseSaved() {}

  /** The op's name for messages, e.g. {@code "conv2d"}. */
  public String name() {
    String n = getClass().getSimpleName();
    return n.endsWith("Op") ? n.substring(0, n.length() - 2) : n;
  }

  /**
   * Wraps {@code out} as the op's result and, when grad mode is on and an input requires grad,
   * makes this op the result's {@code gradFn}.
   */
  protected final Tensor record(Storage out, Shape shape, Tensor... inputs) {
    boolean any = false;
    boolean[] needs = new boolean[inputs.length];
    if (GradMode.isEnabled()) {
      for (int i = 0; i < inputs.length; i++) {
        needs[i] = inputs[i] != null && inputs[i].requiresGrad();
        any |= needs[i];
      }
    }
    if (!any) {
      releaseSaved();
      return Tensor.wrap(out, shape);
    }
    this.inputs = inputs.clone();
    this.needsInputGrad = needs;
    this.backend = out.backend();
    this.output = out;
    return Tensor.withGradFn(out, shape, this);
  }

  /** Whether input {@code i} needs a gradient. */
  protected final boolean needsInputGrad(int i) {
    return needsInputGrad[i];
  }

  /** How many inputs the op recorded. */
  protected final int inputCount() {
    return needsInputGrad.length;
  }

  /** The backend the op ran on. */
  protected final Backend backend() {
    return backend;
  }

  /** Helper for {@link #backward}: the gradients, in input order. */
  protected static Storage[] grads(Storage... g) {
    return g;
  }

  // ---- used by the backward engine ----

  Tensor[] inputs() {
    return inputs;
  }

  /** The buffer of the tensor this op produced (null once released). */
  Storage output() {
    return output;
  }

  boolean isReleased() {
    return released;
  }

  Storage[] runBackward(Storage gradOutput) {
    if (released) {
      throw new IllegalStateException(
          "backward: the graph through "
              + name()
              + " was already released by an earlier backward(); run the forward pass again"
              + " (or call backward(gradient, true) to keep the graph)");
    }
    return backward(gradOutput);
  }

  void release() {
    released = true;
    inputs = null;
    output = null;
    releaseSaved();
  }
}
