package io.jgrad.ops.movement;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.util.Checks;
import java.util.List;

/**
 * Joins tensors along an existing dim into a new contiguous tensor. Each input's gradient is its
 * slice of the output gradient.
 */
public final class CatOp extends Function {
  private int[][] inDims;
  private int[] offsets;
  private int[] outStrides;

  /** torch.cat(tensors, dim): equal shapes except along {@code dim}, on one device. */
  public static Tensor apply(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
    }
    Tensor first = tensors.get(0);
    Shape s0 = first.shape();
    int d = Dims.normalize("cat", s0, dim);
    int total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      Checks.sameDevice("cat", first, t);
      Shape s = t.shape();
      boolean ok = s.rank() == s0.rank();
      for (int k = 0; ok && k < s.rank(); k++) {
        ok = k == d || s.dim(k) == s0.dim(k);
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "cat: tensor "
                + i
                + " has shape "
                + s
                + " but tensor 0 has "
                + s0
                + "; all dims except dim "
                + dim
                + " must match");
      }
      total += s.dim(d);
    }
    if (tensors.size() == 1) {
      return first;
    }
    Shape out = Shape.of(Dims.with(s0, d, total));
    CatOp op = new CatOp();
    op.outStrides = out.strides();
    op.inDims = new int[tensors.size()][];
    op.offsets = new int[tensors.size()];
    Storage y = first.backend().memory().zeros(out.numel());
    int at = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      op.inDims[i] = t.shape().dims();
      op.offsets[i] = at * op.outStrides[d];
      first.backend().index().scatter(t.storage(), y, op.offsets[i], op.inDims[i], op.outStrides);
      at += t.dim(d);
    }
    return op.record(y, out, tensors.toArray(new Tensor[0]));
  }

  /** torch.stack(tensors, dim): equal shapes, joined along a new dim. */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
    }
    Shape s0 = tensors.get(0).shape();
    int d = dim < 0 ? dim + s0.rank() + 1 : dim;
    if (d < 0 || d > s0.rank()) {
      throw new IllegalArgumentException(
          "stack: dim " + dim + " is out of range for tensors of shape " + s0);
    }
    Tensor[] parts = new Tensor[tensors.size()];
    for (int i = 0; i < parts.length; i++) {
      Tensor t = tensors.get(i);
      if (!t.shape().equals(s0)) {
        throw new IllegalArgumentException(
            "stack: tensor " + i + " has shape " + t.shape() + " but tensor 0 has " + s0);
      }
      parts[i] = Reshapes.unsqueeze(t, d);
    }
    return apply(List.of(parts), d);
  }

  @Override
  protected Storage[] backward(Storage g) {
    Storage[] out = new Storage[inDims.length];
    for (int i = 0; i < out.length; i++) {
      if (needsInputGrad(i)) {
        out[i] = backend().index().gather(g, offsets[i], inDims[i], outStrides);
      }
    }
    return out;
  }
}
