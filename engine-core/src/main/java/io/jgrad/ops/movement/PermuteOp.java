package io.jgrad.ops.movement;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import java.util.Arrays;

/**
 * Reorders the dims: output dim i is input dim perm[i]. The result is a contiguous copy (see the
 * README on views and copies). The gradient is the output gradient permuted back by the inverse.
 */
public final class PermuteOp extends Function {
  private int[] inDims;
  private int[] backStrides;

  /** x.permute(perm); negative entries count from the end. */
  public static Tensor apply(Tensor x, int... perm) {
    Shape s = x.shape();
    int rank = s.rank();
    if (perm.length != rank) {
      throw new IllegalArgumentException(
          "permute: perm "
              + Arrays.toString(perm)
              + " has "
              + perm.length
              + " entries but the input "
              + s
              + " has "
              + rank
              + " dims");
    }
    int[] p = new int[rank];
    boolean[] seen = new boolean[rank];
    boolean identity = true;
    for (int i = 0; i < rank; i++) {
      p[i] = Dims.normalize("permute", s, perm[i]);
      if (seen[p[i]]) {
        throw new IllegalArgumentException(
            "permute: dim " + perm[i] + " repeats in perm " + Arrays.toString(perm));
      }
      seen[p[i]] = true;
      identity &= p[i] == i;
    }
    if (identity) {
      return x;
    }
    int[] inStrides = s.strides();
    int[] outDims = new int[rank];
    int[] strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      outDims[i] = s.dim(p[i]);
      strides[i] = inStrides[p[i]];
    }
    PermuteOp op = new PermuteOp();
    op.inDims = s.dims();
    // Input dim p[i] sits at output dim i: reading the gradient back walks those strides.
    int[] outStrides = Shape.of(outDims).strides();
    op.backStrides = new int[rank];
    for (int i = 0; i < rank; i++) {
      op.backStrides[p[i]] = outStrides[i];
    }
    Storage y = x.backend().index().gather(x.storage(), 0, outDims, strides);
    return op.record(y, Shape.of(outDims), x);
  }

  /** x.transpose(d0, d1): dims d0 and d1 swapped. */
  public static Tensor transpose(Tensor x, int d0, int d1) {
    int a = Dims.normalize("transpose", x.shape(), d0);
    int b = Dims.normalize("transpose", x.shape(), d1);
    int[] perm = new int[x.rank()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i == a ? b : i == b ? a : i;
    }
    return apply(x, perm);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().index().gather(g, 0, inDims, backStrides));
  }
}
