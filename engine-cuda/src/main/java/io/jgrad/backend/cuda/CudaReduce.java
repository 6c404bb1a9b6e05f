package io.jgrad.backend.cuda;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.ReduceKernels;
import java.util.Arrays;

/**
 * Sums over axes with {@code reduce.cu}. A reduction over a contiguous run, or with few outputs,
 * gets one block per output (a tree sum in shared memory); a short strided one gets one thread per
 * output, whose neighbours read neighbouring elements.
 */
final class CudaReduce implements ReduceKernels {
  /** Below this many summed elements a strided reduction runs one thread per output. */
  static final int BLOCK_MIN_REDUCED = 64;

  /** With fewer outputs than this, any long reduction runs one block per output. */
  static final int FEW_OUTPUTS = 2048;

  private final CudaBackend backend;

  CudaReduce(CudaBackend backend) {
    this.backend = backend;
  }

  /** Whether a reduction runs one block per output (else one thread per output). */
  static boolean blockPerOutput(AxisPlan.Reduction plan) {
    long reduced = plan.reduced().count();
    long outputs = plan.kept().count();
    return reduced >= BLOCK_MIN_REDUCED && (plan.reducesContiguousRun() || outputs < FEW_OUTPUTS);
  }

  @Override
  public Storage sum(Storage x, Shape shape, int[] axes) {
    String what = "sum of " + shape + " over " + Arrays.toString(axes);
    CudaStorage in = CudaStorage.of(x, what);
    if (in.size() != shape.numel()) {
      throw new IllegalArgumentException(
          what + ": the buffer has " + in.size() + " elements, the shape needs " + shape.numel());
    }
    AxisPlan.Reduction plan = AxisPlan.sum(shape, axes);
    int outCount = (int) plan.kept().count();
    int redCount = (int) plan.reduced().count();
    if (shape.numel() == 0) {
      outCount = 1;
      for (int d = 0, a = 0; d < shape.rank(); d++) {
        if (a < axes.length && axes[a] == d) {
          a++;
        } else {
          outCount *= shape.dim(d);
        }
      }
      return backend.memory().zeros(outCount);
    }
    if (axes.length == 0) {
      return backend.memory().copy(in);
    }
    CudaStorage out = backend.allocate(outCount);
    StreamContext sc = backend.stream();
    boolean blocks = blockPerOutput(plan);
    Launch.args()
        .ptr(in.pointer(sc))
        .ptr(out.pointer(sc))
        .i(outCount)
        .i(redCount)
        .struct(plan.kept().packed())
        .struct(plan.reduced().packed())
        .run(
            sc,
            backend
                .kernels()
                .function("reduce.cu", blocks ? "sum_block_per_output" : "sum_thread_per_output"),
            blocks ? Math.min(outCount, Launch.MAX_BLOCKS) : Launch.blocks(outCount),
            Launch.THREADS,
            0,
            what);
    CudaStorage.keepAlive(in);
    return out;
  }
}
