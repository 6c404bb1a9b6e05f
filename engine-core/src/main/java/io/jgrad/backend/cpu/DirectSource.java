package io.jgrad.backend.cpu;

import java.util.Arrays;

/**
 * The layout that lets {@link DirectConv} and {@link DirectWeightGrad} run a {@link ConvPlan}
 * through {@link VectorOps} on blocks of samples: the B operand has K = (source channels of the
 * group) x kh x kw rows, each a slice of one buffer at an offset.
 *
 * <ul>
 *   <li>Output stride 1 ("extended" mode): for each channel, the virtual planes of {@link #count}
 *       samples are stacked into one tall plane, and row (c, ky, kx) is simply the slice starting
 *       at {@code c * count * planeSize + ky * dh * planeW + kx * dw}: no im2col copy at all.
 *       Column j is output pixel (j / planeW, j % planeW) of the tall plane; columns with x &ge;
 *       outW, and rows that straddle two samples, are computed and dropped. Small planes get
 *       several samples per block so every product is a few hundred columns wide. The buffer ends
 *       with zeros.
 *   <li>Larger output strides: one sample per block, rows gathered (im2col) into the buffer, one
 *       row of {@code padded(outH * outW)} floats per tap.
 * </ul>
 */
final class DirectSource {
  /** Columns a block of small planes aims for. */
  static final int TARGET_COLUMNS = 512;

  /** Samples per block. */
  final int count;

  private final ConvPlan plan;
  private final VectorOps ops;
  private final int planeSize;
  private final int[] offsets;

  DirectSource(ConvPlan plan, VectorOps ops) {
    this.plan = plan;
    this.ops = ops;
    this.planeSize = plan.planeH() * plan.planeW();
    this.count =
        plan.extended()
            ? Math.max(1, Math.min(plan.batch(), TARGET_COLUMNS / Math.max(1, planeSize)))
            : 1;
    this.offsets = new int[plan.taps()];
    int stride = ops.padded(plan.rowLength());
    int p = 0;
    for (int c = 0; c < plan.srcPerGroup(); c++) {
      for (int ky = 0; ky < plan.kh(); ky++) {
        for (int kx = 0; kx < plan.kw(); kx++, p++) {
          offsets[p] =
              plan.extended()
                  ? c * count * planeSize + ky * plan.dh() * plan.planeW() + kx * plan.dw()
                  : p * stride;
        }
      }
    }
  }

  /** The offset of each B row in the buffer, in weight order (c, ky, kx). */
  int[] offsets() {
    return offsets;
  }

  /** Columns of a block of {@code samples} samples (before padding). */
  int columns(int samples) {
    if (!plan.extended()) {
      return plan.rowLength();
    }
    return ((samples - 1) * plan.planeH() + plan.outH() - 1) * plan.planeW() + plan.outW();
  }

  /** Floats of the buffer. */
  int bufferLength() {
    if (plan.extended()) {
      return plan.srcPerGroup() * count * planeSize + ops.columnBlock();
    }
    return plan.taps() * ops.padded(plan.rowLength());
  }

  /**
   * Fills {@code buf} for samples [n0, n0 + samples) of group g of {@code src}; {@code plane} is
   * scratch for one virtual plane (strided mode only).
   */
  void fill(float[] src, int n0, int samples, int g, float[] buf, float[] plane) {
    int cg = plan.srcPerGroup();
    int srcPlane = plan.srcH() * plan.srcW();
    if (!plan.extended()) {
      gatherRows(src, (n0 * plan.srcC() + g * cg) * srcPlane, buf, plane);
      return;
    }
    for (int c = 0; c < cg; c++) {
      int region = c * count * planeSize;
      for (int t = 0; t < samples; t++) {
        int from = ((n0 + t) * plan.srcC() + g * cg + c) * srcPlane;
        int at = region + t * planeSize;
        if (plan.identityPlane()) {
          System.arraycopy(src, from, buf, at, srcPlane);
        } else if (plan.stepY() == 1 && plan.stepX() == 1) {
          padPlane(src, from, buf, at);
        } else {
          Im2col.fillPlane(plan, src, from, buf, at);
        }
      }
      if (samples < count) {
        // the padded tail of a short block reads past its last plane: keep it finite
        int end = region + samples * planeSize;
        Arrays.fill(buf, end, Math.min(end + ops.columnBlock(), buf.length), 0f);
      }
    }
    int end = cg * count * planeSize;
    Arrays.fill(buf, end, end + ops.columnBlock(), 0f);
  }

  /**
   * Scatters the product rows of a block (output channels [m0, m0 + rows) of the group) into {@code
   * dst}, dropping extended columns and straddling rows.
   */
  void scatter(float[][] prod, int rows, float[] dst, int n0, int samples, int firstChannel) {
    int outPlane = plan.outH() * plan.outW();
    for (int m = 0; m < rows; m++) {
      for (int t = 0; t < samples; t++) {
        int dstOff = ((n0 + t) * plan.dstC() + firstChannel + m) * outPlane;
        if (plan.pitch() == plan.outW()) {
          System.arraycopy(prod[m], t * planeSize, dst, dstOff, outPlane);
        } else {
          // destination rows are contiguous: no gaps to keep
          ops.copyRunsZeroGaps(
              prod[m],
              t * planeSize,
              plan.pitch(),
              dst,
              dstOff,
              plan.outW(),
              plan.outH(),
              plan.outW());
        }
      }
    }
  }

  /**
   * The inverse of {@link #scatter}: output-gradient rows of a block laid out like the product
   * rows, zero in every dropped column and in the padding up to {@code width}.
   */
  void gather(
      float[] gy, int n0, int samples, int firstChannel, int rows, float[][] out, int width) {
    int outPlane = plan.outH() * plan.outW();
    for (int m = 0; m < rows; m++) {
      Arrays.fill(out[m], 0, width, 0f);
      for (int t = 0; t < samples; t++) {
        int off = ((n0 + t) * plan.dstC() + firstChannel + m) * outPlane;
        if (plan.pitch() == plan.outW()) {
          System.arraycopy(gy, off, out[m], t * planeSize, outPlane);
        } else {
          ops.copyRunsZeroGaps(
              gy, off, plan.outW(), out[m], t * planeSize, plan.pitch(), plan.outH(), plan.outW());
        }
      }
    }
  }

  /** Zeros, with the source rows copied in at (top, left); pixels landing outside are dropped. */
  private void padPlane(float[] src, int srcOff, float[] buf, int at) {
    int pw = plan.planeW();
    Arrays.fill(buf, at, at + planeSize, 0f);
    int y0 = Math.max(0, -plan.top());
    int y1 = Math.min(plan.srcH(), plan.planeH() - plan.top());
    int x0 = Math.max(0, -plan.left());
    int x1 = Math.min(plan.srcW(), pw - plan.left());
    if (y0 < y1 && x0 < x1) {
      int from = srcOff + y0 * plan.srcW() + x0;
      int to = at + (plan.top() + y0) * pw + plan.left() + x0;
      // the gaps between the copied rows are padding: zero either way
      ops.copyRunsZeroGaps(src, from, plan.srcW(), buf, to, pw, y1 - y0, x1 - x0);
    }
  }

  /** Strided mode: the im2col rows of one sample's group, starting at its first source plane. */
  private void gatherRows(float[] src, int first, float[] buf, float[] plane) {
    int cols = plan.rowLength();
    int stride = ops.padded(cols);
    int taps = plan.kh() * plan.kw();
    int srcPlane = plan.srcH() * plan.srcW();
    for (int c = 0; c < plan.srcPerGroup(); c++) {
      float[] from = src;
      int base = first + c * srcPlane;
      if (!plan.identityPlane()) {
        Im2col.fillPlane(plan, src, base, plane);
        from = plane;
        base = 0;
      }
      for (int ky = 0; ky < plan.kh(); ky++) {
        for (int kx = 0; kx < plan.kw(); kx++) {
          int row = (c * taps + ky * plan.kw() + kx) * stride;
          int tap = base + ky * plan.dh() * plan.planeW() + kx * plan.dw();
          Im2col.gather(plan, from, tap, 0, cols, buf, row);
          Arrays.fill(buf, row + cols, row + stride, 0f);
        }
      }
    }
  }
}
