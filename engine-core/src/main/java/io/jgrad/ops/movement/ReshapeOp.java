package io.jgrad.ops.movement;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import java.util.Arrays;

/**
 * A new shape over the same contiguous data (no copy: the result shares the storage, like a PyTorch
 * view). The gradient is the output gradient, which has the same row-major layout.
 */
public final class ReshapeOp extends Function {
  /** x with shape {@code dims}; one entry may be -1 and is inferred. */
  public static Tensor apply(Tensor x, int... dims) {
    Shape target = infer(x.shape(), dims);
    if (target.equals(x.shape())) {
      return x;
    }
    return new ReshapeOp().record(x.storage(), target, x);
  }

  /** torch.flatten: dims {@code start..end} (inclusive, negative from the end) merged into one. */
  public static Tensor flatten(Tensor x, int start, int end) {
    Shape s = x.shape();
    if (s.rank() == 0) {
      return apply(x, 1);
    }
    int a;
    int b;
    try {
      a = s.normalizeDim(start);
      b = s.normalizeDim(end);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("flatten: " + e.getMessage(), e);
    }
    if (a > b) {
      throw new IllegalArgumentException(
          "flatten: start_dim " + start + " comes after end_dim " + end + " for shape " + s);
    }
    int[] d = new int[s.rank() - (b - a)];
    int k = 0;
    for (int i = 0; i < a; i++) {
      d[k++] = s.dim(i);
    }
    d[k++] = s.prod(a, b + 1);
    for (int i = b + 1; i < s.rank(); i++) {
      d[k++] = s.dim(i);
    }
    return apply(x, d);
  }

  static Shape infer(Shape from, int[] dims) {
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one dimension can be -1, got " + Arrays.toString(dims));
        }
        unknown = i;
      } else if (dims[i] < 0) {
        throw new IllegalArgumentException(
            "reshape: invalid dimension " + dims[i] + " in " + Arrays.toString(dims));
      } else {
        known *= dims[i];
      }
    }
    int[] out = dims.clone();
    if (unknown >= 0) {
      if (known == 0 || from.numel() % known != 0) {
        throw new IllegalArgumentException(
            "reshape: shape "
                + Arrays.toString(dims)
                + " is invalid for input of shape "
                + from
                + " ("
                + from.numel()
                + " elements)");
      }
      out[unknown] = (int) (from.numel() / known);
    } else if (known != from.numel()) {
      throw new IllegalArgumentException(
          "reshape: shape "
              + Arrays.toString(dims)
              + " is invalid for input of shape "
              + from
              + " ("
              + from.numel()
              + " elements)");
    }
    return Shape.of(out);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(g);
  }
}
