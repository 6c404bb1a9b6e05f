package io.jgrad;

import io.jgrad.autograd.BackwardEngine;
import io.jgrad.autograd.Function;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import io.jgrad.ops.activation.ReluOp;
import io.jgrad.ops.elementwise.AddOp;
import io.jgrad.ops.elementwise.DivOp;
import io.jgrad.ops.elementwise.ExpOp;
import io.jgrad.ops.elementwise.LogOp;
import io.jgrad.ops.elementwise.MulOp;
import io.jgrad.ops.elementwise.NegOp;
import io.jgrad.ops.elementwise.ScalarOp;
import io.jgrad.ops.elementwise.SubOp;
import io.jgrad.ops.linalg.MatMulOp;
import io.jgrad.ops.movement.ExpandOp;
import io.jgrad.ops.movement.ReshapeOp;
import io.jgrad.ops.reduce.Reductions;
import io.jgrad.ops.reduce.SumOp;
import io.jgrad.ops.softmax.SoftmaxOp;
import io.jgrad.util.Checks;

/**
 * A float32 n-dimensional array on a device, with reverse-mode autograd (define-by-run, like
 * PyTorch). Storage is contiguous row-major and owned by the device's backend.
 *
 * <p>This class is a façade: each math method is one line delegating to an op in {@code
 * io.jgrad.ops}, where the op's forward and backward live side by side. Creation lives in
 * {@link Tensors}; stateful neural-network functions in {@link io.jgrad.functional.Functional}.
 */
public final class Tensor implements AutoCloseable {
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
    Backend b = Backends.get(target);
    Storage s =
        target.equals(Device.REFERENCE) || device().equals(Device.REFERENCE)
            ? b.memory().fromDoubles(toDoubleArray())
            : b.memory().fromFloats(toArray());
    Tensor t = new Tensor(s, shape);
    t.requiresGrad = requiresGrad && isLeaf();
    return t;
  }

  /** Overwrites this tensor's data with {@code src}'s (same shape), outside autograd. */
  public void copyFrom(Tensor src) {
    Checks.sameShape("copyFrom", "src", shape, src.shape);
    Storage s = src.device().equals(device()) ? src.storage() : src.to(device()).storage();
    backend().memory().copyInto(s, storage());
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
    if (!requiresGrad) {
      throw new IllegalStateException(
          "backward: this tensor does not require grad and has no grad_fn");
    }
    Checks.sameShape("backward", "gradient", shape, gradient.shape);
    Checks.sameDevice("backward", this, gradient);
    if (gradFn == null) {
      accumulateGrad(gradient.storage());
      return;
    }
    try (var scope = GradMode.noGrad()) {
      BackwardEngine.run(this, gradient.storage(), retainGraph);
    }
  }

  /** The same data with no history and no grad requirement. */
  public Tensor detach() {
    return new Tensor(storage(), shape);
  }

  // ---- element-wise -------------------------------------------------------------------------

  /** this + other, broadcasting. */
  public Tensor add(Tensor other) {
    return AddOp.apply(this, other);
  }

  /** this - other, broadcasting. */
  public Tensor sub(Tensor other) {
    return SubOp.apply(this, other);
  }

  /** this * other, broadcasting. */
  public Tensor mul(Tensor other) {
    return MulOp.apply(this, other);
  }

  /** this / other, broadcasting. */
  public Tensor div(Tensor other) {
    return DivOp.apply(this, other);
  }

  /** this + s. */
  public Tensor add(double s) {
    return ScalarOp.add(this, s);
  }

  /** this - s. */
  public Tensor sub(double s) {
    return ScalarOp.add(this, -s);
  }

  /** this * s. */
  public Tensor mul(double s) {
    return ScalarOp.mul(this, s);
  }

  /** this / s. */
  public Tensor div(double s) {
    return ScalarOp.mul(this, 1.0 / s);
  }

  /** -this. */
  public Tensor neg() {
    return NegOp.apply(this);
  }

  /** e^this. */
  public Tensor exp() {
    return ExpOp.apply(this);
  }

  /** natural log. */
  public Tensor log() {
    return LogOp.apply(this);
  }

  /** max(this, 0). */
  public Tensor relu() {
    return ReluOp.apply(this);
  }

  // ---- reductions ---------------------------------------------------------------------------

  /** Sum of all elements, a 0-d tensor. */
  public Tensor sum() {
    return SumOp.apply(this, null, false);
  }

  /** Sum over {@code dims}. */
  public Tensor sum(int[] dims, boolean keepDim) {
    return SumOp.apply(this, dims, keepDim);
  }

  /** Mean of all elements, a 0-d tensor. */
  public Tensor mean() {
    return Reductions.mean(this, null, false);
  }

  /** Mean over {@code dims}. */
  public Tensor mean(int[] dims, boolean keepDim) {
    return Reductions.mean(this, dims, keepDim);
  }

  // ---- movement -----------------------------------------------------------------------------

  /** The same data with a new shape (one entry may be -1). */
  public Tensor reshape(int... newShape) {
    return ReshapeOp.apply(this, newShape);
  }

  /** Alias of {@link #reshape}: storage is always contiguous. */
  public Tensor view(int... newShape) {
    return ReshapeOp.apply(this, newShape);
  }

  /** Flattens dims {@code startDim..endDim} (inclusive, negative counts from the end). */
  public Tensor flatten(int startDim, int endDim) {
    return ReshapeOp.flatten(this, startDim, endDim);
  }

  /** Broadcasts to {@code target} (NumPy rules). */
  public Tensor expand(Shape target) {
    return ExpandOp.apply(this, target);
  }

  // ---- linear algebra and softmax -----------------------------------------------------------

  /** 2-D matrix product. */
  public Tensor matmul(Tensor other) {
    return MatMulOp.apply(this, other);
  }

  /** Softmax along {@code dim}. */
  public Tensor softmax(int dim) {
    return SoftmaxOp.apply(this, dim, false);
  }

  /** Log-softmax along {@code dim}. */
  public Tensor logSoftmax(int dim) {
    return SoftmaxOp.apply(this, dim, true);
  }

  @Override
  public String toString() {
    String g = gradFn != null ? ", grad_fn=" + gradFn.name() : requiresGrad ? ", requires_grad" : "";
    return "Tensor(shape=" + shape + ", device=" + (storage == null ? "closed" : device()) + g + ")";
  }
}
