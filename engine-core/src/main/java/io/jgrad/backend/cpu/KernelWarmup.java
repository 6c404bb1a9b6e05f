package io.jgrad.backend.cpu;

/**
 * Runs every {@link VectorOps} kernel a few thousand times on small arrays when the SIMD
 * implementation loads, while nothing else competes for the JIT. Why: the Vector API's own methods
 * (a vector's {@code fma}, {@code intoArray}, ...) are shared by every kernel, and C2 can only turn
 * their calls into vector instructions when it has a type profile for them. On a 2-core machine the
 * JVM has one C2 thread; in the first seconds of training more than 5 methods wait for it, and
 * methods that become hot then get a C1 version that collects no profile. When that happened to the
 * shared vector methods, C2 later compiled a kernel with virtual, boxing calls and it ran about 4
 * times slower for the whole run (the weight gradient, in about a third of JVMs training net7840
 * with dropout; see benchmarks/RESULTS.md). Profiling them here first, on a quiet JIT, avoids that.
 * The results are discarded; the kernels are deterministic, so nothing else changes.
 */
final class KernelWarmup {
  /** Calls per kernel: past the JIT's tier-3 (profiling) thresholds, short of tier 4. */
  private static final int CALLS = 3000;

  private KernelWarmup() {}

  /** Runs the warm-up on {@code ops}; takes a few tens of milliseconds. */
  static void run(VectorOps ops) {
    int lanes = ops.lanes();
    int width = ops.padded(Math.max(16, 3 * lanes)); // >= 16: gemm reads a[i * 4 + p], i, p < 4
    float[] x = new float[4 * width];
    float[] y = new float[4 * width];
    float[] g = new float[4 * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) - 3;
      g[i] = (i % 5) - 2;
    }
    float[][] rows = new float[4][width];
    int[] offsets = {0, 1, 2, 3};
    float[] acc = new float[4 * 4 * lanes];
    double[] sums = new double[3];
    for (int call = 0; call < CALLS; call++) {
      ops.copyRuns(x, 1, width, y, 0, width, 3, width - 1);
      ops.copyRunsZeroGaps(x, 1, width, y, 0, width, 3, width - 2);
      ops.gemm(rows, 0, 4, x, 0, 4, 1, g, offsets, 4, width);
      ops.dotLanes(rows, 0, 4, x, offsets, 4, width, acc);
      ops.reluBackward(x, g, y, 0, x.length - 1);
      ops.affineRelu(x, y, 0, x.length - 1, 0.5f, 0f, 2f, 0.1f);
      ops.sum(x, 1, width, 3, width - 1);
      ops.centeredSums(x, 1, width, 3, width - 1, 0.5f, 0f, sums);
      ops.gradMoments(g, x, 1, width, 3, width - 1, 0.5f, 0f, sums);
    }
  }
}
