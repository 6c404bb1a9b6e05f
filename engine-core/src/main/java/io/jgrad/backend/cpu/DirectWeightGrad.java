package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Conv2dParams;
import java.util.Arrays;

/**
 * dL/dw through the SIMD {@link VectorOps#dotLanes}: for each sample and group, the output gradient
 * rows (laid out like the forward pass's product rows, zero in the extended columns) are dotted
 * with the same B rows the forward pass multiplies ({@link DirectSource}), so no im2col copy is
 * made for stride-1 convolutions.
 *
 * <p>Lane partial sums stay in float for at most {@link #FLUSH_COLUMNS} columns, then move to a
 * double accumulator, lane by lane in order. Samples are cut into fixed chunks of about {@link
 * #GRAIN} (whole blocks of {@link DirectSource}) whose double partials are added in chunk order, so
 * the result is identical for any thread count.
 */
final class DirectWeightGrad {
  /** Samples per chunk. */
  static final int GRAIN = 8;

  /** Columns accumulated per lane in float before moving to double. */
  static final int FLUSH_COLUMNS = 8192;

  private DirectWeightGrad() {}

  /** The weight gradient, {@code [outC, inC/groups, kh, kw]}, into {@code out}. */
  static void compute(VectorOps ops, Conv2dParams p, float[] x, float[] gy, float[] out) {
    ConvPlan plan = ConvPlan.forward(p);
    DirectSource source = new DirectSource(plan, ops);
    int per = source.count;
    int blocks = (p.batch() + per - 1) / per;
    int grain = Math.max(1, GRAIN / per);
    int chunks = Parallel.chunkCount(blocks, grain);
    int size = p.weightSize();
    double[] partial = Scratch.get().doubles(chunks * size);
    Parallel.forChunks(
        blocks,
        grain,
        (s, e) -> {
          int at = s / grain * size;
          Arrays.fill(partial, at, at + size, 0);
          for (int g = 0; g < p.groups(); g++) {
            blocks(ops, plan, source, x, gy, s * per, Math.min(p.batch(), e * per), g, partial, at);
          }
        });
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int c = 0; c < chunks; c++) {
        sum += partial[c * size + i];
      }
      out[i] = (float) sum;
    }
  }

  /**
   * Adds samples [n0, n1) of group g to the weight gradient at {@code acc[base...]}, a block of
   * samples at a time.
   */
  private static void blocks(
      VectorOps ops,
      ConvPlan plan,
      DirectSource source,
      float[] x,
      float[] gy,
      int n0,
      int n1,
      int g,
      double[] acc,
      int base) {
    Scratch scratch = Scratch.get();
    int mg = plan.dstPerGroup();
    int k = plan.taps();
    int lanes = ops.lanes();
    float[] buf = scratch.flat(Scratch.PLANE, source.bufferLength());
    float[] plane =
        plan.extended() ? null : scratch.flat(Scratch.FLAT, plan.planeH() * plan.planeW());
    float[] laneAcc = scratch.flat(Scratch.FOLD, mg * k * lanes);
    Arrays.fill(laneAcc, 0, mg * k * lanes, 0f);
    float[][] grads = scratch.rows(Scratch.GRAD_ROWS, mg, ops.padded(source.columns(source.count)));
    int pending = 0;
    for (int n = n0; n < n1; n += source.count) {
      int samples = Math.min(source.count, n1 - n);
      int cols = source.columns(samples);
      int width = ops.padded(cols);
      source.fill(x, n, samples, g, buf, plane);
      source.gather(gy, n, samples, g * mg, mg, grads, width);
      ops.dotLanes(grads, 0, mg, buf, source.offsets(), k, cols, laneAcc);
      pending += width;
      if (pending >= FLUSH_COLUMNS || n + samples >= n1) {
        flush(laneAcc, mg * k, lanes, acc, base + g * mg * k);
        pending = 0;
      }
    }
  }

  /**
   * Moves each of {@code count} lane groups into {@code acc[at + i]} (lanes added in double, four
   * interleaved partial sums combined in a fixed order), then zeroes the lanes.
   */
  private static void flush(float[] laneAcc, int count, int lanes, double[] acc, int at) {
    if (lanes % 4 != 0) {
      for (int i = 0; i < count; i++) {
        double s = 0;
        for (int l = 0; l < lanes; l++) {
          s += laneAcc[i * lanes + l];
        }
        acc[at + i] += s;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int base = i * lanes;
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        for (int l = 0; l < lanes; l += 4) {
          a += laneAcc[base + l];
          b += laneAcc[base + l + 1];
          c += laneAcc[base + l + 2];
          d += laneAcc[base + l + 3];
        }
        acc[at + i] += (a + b) + (c + d);
      }
    }
    Arrays.fill(laneAcc, 0, count * lanes, 0f);
  }
}
