package io.jgrad.backend.cpu;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.CopyKernels;
import java.util.Arrays;

/**
 * Broadcast copy. Adjacent dims that are both broadcast or both copied are merged first, so the
 * innermost run is either one contiguous {@code arraycopy} or one {@code fill} of a single value;
 * an odometer over the outer dims walks the source offset of each run.
 */
final class CpuCopy implements CopyKernels {
  /** Output elements per chunk. */
  private static final int GRAIN = 1 << 16;

  private final CpuBackend backend;

  CpuCopy(CpuBackend backend) {
    this.backend = backend;
  }

  /** Broadcasts {@code x} from {@code from} to {@code to} (same rank, dims equal or 1). */
  @Override
  public Storage expand(Storage x, Shape from, Shape to) {
    checkExpand(x.size(), from, to);
    float[] in = CpuStorage.data(x);
    float[] out = new float[to.numel()];
    if (out.length == 0) {
      return backend.adopt(out);
    }
    // Merge dims into groups of equal kind, dropping dims of size 1 in the output.
    int rank = to.rank();
    int[] size = new int[rank];
    boolean[] bcast = new boolean[rank];
    int groups = 0;
    for (int d = 0; d < rank; d++) {
      int n = to.dim(d);
      if (n == 1) {
        continue;
      }
      boolean b = from.dim(d) == 1;
      if (groups > 0 && bcast[groups - 1] == b) {
        size[groups - 1] *= n;
      } else {
        size[groups] = n;
        bcast[groups] = b;
        groups++;
      }
    }
    if (groups == 0) {
      out[0] = in[0];
      return backend.adopt(out);
    }
    // Source stride of each group: 0 where broadcast.
    int[] stride = new int[groups];
    int acc = 1;
    for (int g = groups - 1; g >= 0; g--) {
      stride[g] = bcast[g] ? 0 : acc;
      acc *= bcast[g] ? 1 : size[g];
    }
    int run = size[groups - 1];
    boolean fillRun = bcast[groups - 1];
    int outer = groups - 1;
    int rows = out.length / run;
    Parallel.forChunks(
        rows,
        Math.max(1, GRAIN / run),
        (start, end) -> {
          int[] idx = new int[outer];
          int rest = start;
          int off = 0;
          for (int g = outer - 1; g >= 0; g--) {
            idx[g] = rest % size[g];
            rest /= size[g];
            off += idx[g] * stride[g];
          }
          for (int r = start; r < end; r++) {
            if (fillRun) {
              Arrays.fill(out, r * run, (r + 1) * run, in[off]);
            } else {
              System.arraycopy(in, off, out, r * run, run);
            }
            for (int g = outer - 1; g >= 0; g--) {
              off += stride[g];
              if (++idx[g] < size[g]) {
                break;
              }
              off -= idx[g] * stride[g];
              idx[g] = 0;
            }
          }
        });
    return backend.adopt(out);
  }

  private static void checkExpand(int size, Shape from, Shape to) {
    if (from.rank() != to.rank()) {
      throw new IllegalArgumentException(
          "expand: ranks differ, from " + from + " to " + to + " (pad the shape first)");
    }
    if (size != from.numel()) {
      throw new IllegalArgumentException(
          "expand: input has " + size + " elements but shape " + from + " needs " + from.numel());
    }
    for (int d = 0; d < from.rank(); d++) {
      if (from.dim(d) != to.dim(d) && from.dim(d) != 1) {
        throw new IllegalArgumentException(
            "expand: cannot expand " + from + " to " + to + " (dimension " + d + ")");
      }
    }
  }
}
