package io.jgrad.backend.reference;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ReduceKernels;

/** Sums over axes: each input element is added, in double, to the output of its kept index. */
final class RefReduce implements ReduceKernels {
  private final RefBackend backend;

  RefReduce(RefBackend backend) {
    this.backend = backend;
  }

  /** Sums over the sorted, distinct {@code axes}; the result is row-major over the kept dims. */
  @Override
  public Storage sum(Storage x, Shape shape, int[] axes) {
    boolean[] reduced = reducedMask(x.size(), shape, axes);
    double[] in = RefStorage.data(x);
    int rank = shape.rank();
    int[] dims = shape.dims();
    int outSize = 1;
    for (int d = 0; d < rank; d++) {
      outSize *= reduced[d] ? 1 : dims[d];
    }
    double[] out = new double[outSize];
    int[] index = new int[rank];
    for (int flat = 0; flat < in.length; flat++) {
      int rest = flat;
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = rest % dims[d];
        rest /= dims[d];
      }
      // Re-ravel the index over the kept dims only.
      int dst = 0;
      for (int d = 0; d < rank; d++) {
        if (!reduced[d]) {
          dst = dst * dims[d] + index[d];
        }
      }
      out[dst] += in[flat];
    }
    return backend.wrap(out);
  }

  /** Validates the arguments of a sum and returns which dims are reduced. */
  static boolean[] reducedMask(int size, Shape shape, int[] axes) {
    if (size != shape.numel()) {
      throw new IllegalArgumentException(
          "sum: input has " + size + " elements but shape " + shape + " needs " + shape.numel());
    }
    boolean[] reduced = new boolean[shape.rank()];
    int previous = -1;
    for (int axis : axes) {
      if (axis <= previous || axis >= shape.rank()) {
        throw new IllegalArgumentException(
            "sum: axes must be sorted, distinct and in [0, "
                + shape.rank()
                + "), got "
                + java.util.Arrays.toString(axes));
      }
      reduced[axis] = true;
      previous = axis;
    }
    return reduced;
  }
}
