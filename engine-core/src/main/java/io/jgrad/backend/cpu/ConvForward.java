package io.jgrad.backend.cpu;

import java.util.Arrays;

/**
 * Runs a {@link ConvPlan} as im2col + row GEMM. The work is cut into blocks of output columns:
 * several whole samples side by side when one sample's rows are short (small planes), or column
 * tiles of one sample when they are long, so every GEMM row sweep is a few hundred to a few
 * thousand columns. Blocks write disjoint output and run in parallel; the block layout depends only
 * on the shapes, so results are identical for any thread count.
 */
final class ConvForward {
  /** Columns a block aims for when it packs several samples side by side. */
  static final int TARGET_COLUMNS = 1024;

  /** Longest column tile of a single sample. */
  static final int MAX_COLUMNS = 4096;

  private ConvForward() {}

  /**
   * {@code dst = correlate(src, w) (+ bias)}; {@code w} is laid out {@code [dstC, srcC/groups, kh,
   * kw]}, {@code bias} has {@code dstC} entries or is null.
   */
  static void run(ConvPlan plan, float[] src, float[] w, float[] bias, float[] dst) {
    int rowLen = plan.rowLength();
    int perBlock;
    int tiles;
    if (rowLen >= TARGET_COLUMNS) {
      perBlock = 1;
      tiles = (rowLen + MAX_COLUMNS - 1) / MAX_COLUMNS;
    } else {
      perBlock = Math.max(1, TARGET_COLUMNS / rowLen);
      tiles = 1;
    }
    int sampleBlocks = (plan.batch() + perBlock - 1) / perBlock;
    int blocks = sampleBlocks * tiles;
    int nb = perBlock;
    Parallel.forChunks(
        blocks,
        1,
        (s, e) -> {
          for (int b = s; b < e; b++) {
            int n0 = (b / tiles) * nb;
            int tile = b % tiles;
            int j0 = tile * MAX_COLUMNS;
            int j1 = Math.min(rowLen, j0 + MAX_COLUMNS);
            block(plan, src, w, bias, dst, n0, Math.min(nb, plan.batch() - n0), j0, j1);
          }
        });
  }

  /** Samples [n0, n0 + count), columns [j0, j1) of each, all groups. */
  private static void block(
      ConvPlan plan,
      float[] src,
      float[] w,
      float[] bias,
      float[] dst,
      int n0,
      int count,
      int j0,
      int j1) {
    Scratch scratch = Scratch.get();
    int cg = plan.srcPerGroup();
    int mg = plan.dstPerGroup();
    int taps = plan.kh() * plan.kw();
    int k = plan.taps();
    int len = j1 - j0;
    int cols = count * len;
    int srcPlane = plan.srcH() * plan.srcW();
    int dstPlane = plan.outH() * plan.outW();
    boolean identity = plan.identityPlane();
    float[] plane = identity ? src : scratch.flat(Scratch.PLANE, plan.planeH() * plan.planeW());
    float[][] rows = scratch.rows(Scratch.ROWS, k, cols);
    float[][] prod = scratch.rows(Scratch.PRODUCT, mg, cols);
    for (int g = 0; g < plan.groups(); g++) {
      for (int icl = 0; icl < cg; icl++) {
        for (int t = 0; t < count; t++) {
          int srcOff = ((n0 + t) * plan.srcC() + g * cg + icl) * srcPlane;
          if (!identity) {
            Im2col.fillPlane(plan, src, srcOff, plane);
          }
          Im2col.rows(plan, plane, identity ? srcOff : 0, j0, j1, rows, icl * taps, t * len);
        }
      }
      for (int m = 0; m < mg; m++) {
        Arrays.fill(prod[m], 0, cols, bias == null ? 0f : bias[g * mg + m]);
      }
      RowGemm.multiplyAddFused(prod, 0, mg, w, g * mg * k, k, 1, rows, 0, k, 0, cols);
      for (int m = 0; m < mg; m++) {
        for (int t = 0; t < count; t++) {
          int dstOff = ((n0 + t) * plan.dstC() + g * mg + m) * dstPlane;
          Im2col.scatter(plan, prod[m], t * len, j0, j1, dst, dstOff);
        }
      }
    }
  }
}
