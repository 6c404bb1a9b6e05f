package io.jgrad;

import io.jgrad.autograd.BackwardEngine;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import io.jgrad.util.Checks;

/**
 * A float32 n-dimensional array on a device, with reverse-mode autograd (define-by-run, like
 * PyTorch). Storage is contiguous row-major and owned by the device's backend.
 *
 * <p>This class holds the data and the autograd state; its math methods come from {@link
 * TensorMath}, a façade whose every method is one line delegating to an op in {@code io.jgrad.ops},
 * where the op's forward and backward live side by side. Creation lives in {@link Tensors};
 * stateful neural-network functions in {@link io.jgrad.functional.Functional}.
 */
public final class Tensor implements TensorMath, TensorPointwise, TensorIndexing, AutoCloseable {
  private Storage storage;
  private final Shape shape;
  private boolean requiresGrad;
  private Tensor grad;
  private Function gradFn;
  private boolean retainsGrad;

  private Tensor(Storage storage, Shape shape) {
    if (storage.size() != shape.numel()) {
      throw new IllegalArgumentException(
          "tensor: storage of " + storage.size() + " elements cannot have shape " + shape);
    }
    this.storage = storage;
    this.shape = shape;
  }

  /** Wraps a storage as a tensor with no history. For ops and backends. */
  public static Tensor wrap(Storage storage, Shape shape) {
    return new Tensor(storage, shape);
  }

  /** Wraps an op's output with its graph node. For {@link Function} only. */
  public static Tensor withGradFn(Storage storage, Shape shape, Function gradFn) {
    Tensor t = new Tensor(storage, shape);
    t.gradFn = gradFn;
    t.requiresGrad = true;
    return t;
  }

  // ---- shape, device, data ----------------------------------------------------------------

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** Size of dimension {@code i} (negative counts from the end). */
  public int dim(int i) {
    return shape.dim(i);
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** Number of elements. */
  public int numel() {
    return shape.numel();
  }

  /** The device the data lives on. */
  public Device device() {
    return storage().backend().device();
  }

  /** The backend that owns the data. */
  public Backend backend() {
    return storage().backend();
  }

  /** The backing buffer. For ops, backends and optimizers. */
  public Storage storage() {
    if (storage == null) {
      throw new IllegalStateException("tensor " + shape + " was closed; its data is gone");
    }
    return storage;
  }

  /** The value of a one-element tensor. */
  public float item() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "item: only a one-element tensor has an item, this one has shape " + shape);
    }
    return toArray()[0];
  }

  /** A host copy of the data, row-major. */
  public float[] toArray() {
    return backend().memory().toFloats(storage());
  }

  /** A host copy of the data widened to double. */
  public double[] toDoubleArray() {
    return backend().memory().toDoubles(storage());
  }

  /** A copy on {@code device} (this tensor when already there). Keeps no autograd history. */
  public Tensor to(Device target) {
    if (target.equals(device())) {
      return this;
    }
    Tensor t = new Tensor(Transfer.copy(storage(), Backends.get(target)), shape);
    t.requiresGrad = requiresGrad && isLeaf();
    return t;
  }

  /** Overwrites this tensor's data with {@code src}'s (same shape), outside autograd. */
  public void copyFrom(Tensor src) {
    Checks.sameShape("copyFrom", "src", shape, src.shape);
    Storage s = src.storage();
    backend()
        .memory()
        .copyInto(s.backend() == backend() ? s : Transfer.copy(s, backend()), storage());
  }

  /** Frees the data now (device memory, pooled buffers). Using the tensor afterwards throws. */
  @Override
  public void close() {
    if (storage != null) {
      storage.close();
      storage = null;
    }
  }

  // ---- autograd -----------------------------------------------------------------------------

  /** Whether gradients flow to this tensor. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf tensor as needing a gradient; returns this. */
  public Tensor requiresGrad(boolean on) {
    if (!isLeaf()) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can change it; this one comes from " + gradFn.name());
    }
    this.requiresGrad = on;
    return this;
  }

  /** True when no op produced this tensor in a recorded graph. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** The op that produced this tensor, or null for a leaf. */
  public Function gradFn() {
    return gradFn;
  }

  /** The accumulated gradient, or null. */
  public Tensor grad() {
    return grad;
  }

  /** Replaces the gradient (null clears it). */
  public void setGrad(Tensor g) {
    if (g != null) {
      Checks.sameShape("setGrad", "grad", shape, g.shape);
    }
    this.grad = g;
  }

  /** Keeps this non-leaf tensor's gradient during backward. */
  public Tensor retainGrad() {
    retainsGrad = true;
    return this;
  }

  /** Whether {@link #retainGrad()} was called. */
  public boolean retainsGrad() {
    return retainsGrad;
  }

  /** Adds {@code g} into {@link #grad()}. For the backward engine. */
  public void accumulateGrad(Storage g) {
    if (grad == null) {
      grad = new Tensor(g.backend().memory().copy(g), shape);
    } else {
      grad.backend().elementwise().accumulate(grad.storage(), g);
    }
  }

  /** Back-propagates from this scalar, seeded with 1. */
  public void backward() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "backward: a gradient can be implied only for a one-element tensor; this one has"
              + " shape "
              + shape
              + ", pass backward(gradient)");
    }
    backward(Tensors.onesLike(this), false);
  }

  /** Back-propagates {@code gradient} (same shape as this tensor), then frees the graph. */
  public void backward(Tensor gradient) {
    backward(gradient, false);
  }

  /** Back-propagates {@code gradient}; keeps the graph for another backward when asked. */
  public void backward(Tensor gradient, boolean retainGraph) {
    BackwardEngine.backward(this, gradient, retainGraph);
  }

  /** The same data with no history and no grad requirement. */
  public Tensor detach() {
    return new Tensor(storage(), shape);
  }

  /** This tensor, for the math façade in {@link TensorMath}. */
  @Override
  public Tensor self() {
    return this;
  }

  @Override
  public String toString() {
    String g =
        gradFn != null ? ", grad_fn=" + gradFn.name() : requiresGrad ? ", requires_grad" : "";
    return "Tensor(shape="
        + shape
        + ", device="
        + (storage == null ? "closed" : device())
        + g
        + ")";
  }
}
