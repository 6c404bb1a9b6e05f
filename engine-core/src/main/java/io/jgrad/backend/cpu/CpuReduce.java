package io.jgrad.backend.cpu;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ReduceKernels;
import java.util.Arrays;

/**
 * Sums over axes. Adjacent dims of the same kind (kept or reduced) are merged and size-1 dims
 * dropped, which leaves two cases: the innermost group is reduced (each output sums contiguous
 * runs) or kept (each output row accumulates vectors over the reduced positions). Accumulators are
 * double and every output is summed in a fixed order, so results do not depend on the thread count
 * and stay accurate for long reductions.
 */
final class CpuReduce implements ReduceKernels {
  /** Input elements of work per chunk. */
  private static final int GRAIN = 1 << 15;

  /** Columns accumulated together when the innermost group is kept. */
  private static final int TILE = 512;

  private final CpuBackend backend;

  CpuReduce(CpuBackend backend) {
    this.backend = backend;
  }

  /** Sums over the sorted, distinct {@code axes}; the result is row-major over the kept dims. */
  @Override
  public Storage sum(Storage x, Shape shape, int[] axes) {
    float[] in = CpuStorage.data(x);
    boolean[] reducedDim = reducedMask(in.length, shape, axes);
    int outSize = 1;
    for (int d = 0; d < shape.rank(); d++) {
      outSize *= reducedDim[d] ? 1 : shape.dim(d);
    }
    float[] out = new float[outSize];
    if (in.length == 0 || outSize == 0) {
      return backend.adopt(out);
    }
    // Merge adjacent dims of one kind; the merged group's stride is that of its innermost dim.
    int rank = shape.rank();
    int[] size = new int[rank];
    int[] stride = new int[rank];
    boolean[] reduced = new boolean[rank];
    int groups = 0;
    int[] strides = shape.strides();
    for (int d = 0; d < rank; d++) {
      if (shape.dim(d) == 1) {
        continue;
      }
      if (groups > 0 && reduced[groups - 1] == reducedDim[d]) {
        size[groups - 1] *= shape.dim(d);
        stride[groups - 1] = strides[d];
      } else {
        size[groups] = shape.dim(d);
        stride[groups] = strides[d];
        reduced[groups] = reducedDim[d];
        groups++;
      }
    }
    if (groups == 0 || (groups == 1 && !reduced[0])) {
      System.arraycopy(in, 0, out, 0, in.length);
    } else if (groups == 1) {
      out[0] = (float) sumAll(in);
    } else if (reduced[groups - 1]) {
      sumInnerRuns(in, out, size, stride, reduced, groups);
    } else {
      sumOuterRows(in, out, size, stride, reduced, groups);
    }
    return backend.adopt(out);
  }

  /** The whole buffer: fixed chunks summed in parallel, then the partials in chunk order. */
  private static double sumAll(float[] in) {
    double[] partial = new double[Parallel.chunkCount(in.length, GRAIN)];
    Parallel.forChunks(in.length, GRAIN, (s, e) -> partial[s / GRAIN] = sumRange(in, s, e));
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return total;
  }

  /** Innermost group reduced: out[k] = Σ over outer reduced offsets of a contiguous run. */
  private static void sumInnerRuns(
      float[] in, float[] out, int[] size, int[] stride, boolean[] reduced, int groups) {
    int run = size[groups - 1];
    int[] keptOff = offsets(size, stride, reduced, groups - 1, false);
    int[] redOff = offsets(size, stride, reduced, groups - 1, true);
    long work = (long) redOff.length * run;
    int grain = (int) Math.max(1, GRAIN / work);
    Parallel.forChunks(
        out.length,
        grain,
        (s, e) -> {
          for (int k = s; k < e; k++) {
            double total = 0;
            for (int r : redOff) {
              int from = keptOff[k] + r;
              total += sumRange(in, from, from + run);
            }
            out[k] = (float) total;
          }
        });
  }

  /** Innermost group kept: each tile of an output row adds the input rows at reduced offsets. */
  private static void sumOuterRows(
      float[] in, float[] out, int[] size, int[] stride, boolean[] reduced, int groups) {
    int cols = size[groups - 1];
    int[] keptOff = offsets(size, stride, reduced, groups - 1, false);
    int[] redOff = offsets(size, stride, reduced, groups - 1, true);
    int tile = Math.min(cols, TILE);
    int tilesPerRow = (cols + tile - 1) / tile;
    int units = keptOff.length * tilesPerRow;
    long work = (long) redOff.length * tile;
    int grain = (int) Math.max(1, GRAIN / work);
    Parallel.forChunks(
        units,
        grain,
        (s, e) -> {
          double[] acc = new double[tile];
          for (int u = s; u < e; u++) {
            int row = u / tilesPerRow;
            int j0 = (u % tilesPerRow) * tile;
            int len = Math.min(tile, cols - j0);
            Arrays.fill(acc, 0.0);
            for (int r : redOff) {
              int base = keptOff[row] + r + j0;
              for (int j = 0; j < len; j++) {
                acc[j] += in[base + j];
              }
            }
            int dst = row * cols + j0;
            for (int j = 0; j < len; j++) {
              out[dst + j] = (float) acc[j];
            }
          }
        });
  }

  /**
   * Input offsets of every index combination of the first {@code limit} groups whose reduced flag
   * equals {@code which}, in row-major order ({@code [0]} when there are none).
   */
  private static int[] offsets(
      int[] size, int[] stride, boolean[] reduced, int limit, boolean which) {
    int count = 1;
    for (int g = 0; g < limit; g++) {
      count *= reduced[g] == which ? size[g] : 1;
    }
    int[] off = new int[count];
    int filled = 1;
    for (int g = 0; g < limit; g++) {
      if (reduced[g] != which) {
        continue;
      }
      // Expand the offsets so far by this group's index, keeping row-major order.
      for (int i = filled - 1; i >= 0; i--) {
        for (int j = size[g] - 1; j >= 0; j--) {
          off[i * size[g] + j] = off[i] + j * stride[g];
        }
      }
      filled *= size[g];
    }
    return off;
  }

  /** Σ in[from..to) in double with four independent accumulators (a fixed order). */
  static double sumRange(float[] x, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < to; i++) {
      s0 += x[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static boolean[] reducedMask(int size, Shape shape, int[] axes) {
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
                + Arrays.toString(axes));
      }
      reduced[axis] = true;
      previous = axis;
    }
    return reduced;
  }
}
