package io.jgrad.backend.cpu;

import java.util.Arrays;

/**
 * Runs a {@link ConvPlan} (the forward pass, or the input gradient as a correlation) through the
 * SIMD {@link VectorOps#gemm}, one block of samples and one group at a time: the B rows are slices
 * of the block's planes ({@link DirectSource}), the A matrix is the filter, and the product rows
 * are scattered into the output planes. Blocks are independent and split across threads; every
 * output element is computed by the same operations wherever its sample lands, so results do not
 * depend on the thread count.
 */
final class DirectConv {
  private DirectConv() {}

  /**
   * {@code dst = correlate(src, w) (+ bias)}; {@code w} is laid out {@code [dstC, srcC/groups, kh,
   * kw]}, {@code bias} has {@code dstC} entries or is null. Every element of {@code dst} is
   * written.
   */
  static void run(VectorOps ops, ConvPlan plan, float[] src, float[] w, float[] bias, float[] dst) {
    DirectSource source = new DirectSource(plan, ops);
    int per = source.count;
    int blocks = (plan.batch() + per - 1) / per;
    // about two blocks of a few hundred thousand multiply-adds per task
    long work = (long) per * plan.dstC() * plan.taps() * plan.outH() * plan.outW();
    int grain = (int) Math.max(1, Math.min(8, (1 << 18) / Math.max(1, work)));
    Parallel.forChunks(
        blocks,
        grain,
        (s, e) -> {
          for (int b = s; b < e; b++) {
            int n0 = b * per;
            int samples = Math.min(per, plan.batch() - n0);
            for (int g = 0; g < plan.groups(); g++) {
              block(ops, plan, source, src, w, bias, dst, n0, samples, g);
            }
          }
        });
  }

  private static void block(
      VectorOps ops,
      ConvPlan plan,
      DirectSource source,
      float[] src,
      float[] w,
      float[] bias,
      float[] dst,
      int n0,
      int samples,
      int g) {
    Scratch scratch = Scratch.get();
    int mg = plan.dstPerGroup();
    int k = plan.taps();
    int cols = source.columns(samples);
    int width = ops.padded(cols);
    float[] buf = scratch.flat(Scratch.PLANE, source.bufferLength());
    float[] plane =
        plan.extended() ? null : scratch.flat(Scratch.FLAT, plan.planeH() * plan.planeW());
    source.fill(src, n0, samples, g, buf, plane);
    float[][] prod = scratch.rows(Scratch.PRODUCT, mg, width);
    for (int m = 0; m < mg; m++) {
      Arrays.fill(prod[m], 0, width, bias == null ? 0f : bias[g * mg + m]);
    }
    ops.gemm(prod, 0, mg, w, g * mg * k, k, 1, buf, source.offsets(), k, cols);
    source.scatter(prod, mg, dst, n0, samples, g * mg);
  }
}
