package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Conv2dParams;

/**
 * A grouped, dilated correlation of {@code srcC} source planes with a {@code [dstC, srcC/groups,
 * kh, kw]} filter, where each source plane is first placed into a zero "virtual plane" of {@code
 * planeH x planeW}: source pixel (y, x) lands at (top + y * stepY, left + x * stepX), and pixels
 * that land outside are dropped. Output pixel (oy, ox) reads the virtual plane at (oy * sh + ky *
 * dh, ox * sw + kx * dw).
 *
 * <p>The forward pass is the plan with step 1 and top/left = padding. The input gradient is the
 * same kind of plan run on the output gradient: step = stride (zeros between gradient pixels),
 * top/left = (k - 1) * d - padding (negative values crop), output stride 1, and the filter
 * transposed and flipped.
 *
 * <p>With output stride 1 ("extended" mode) the im2col row of a kernel tap is one contiguous slice
 * of the virtual plane: column j = oy * planeW + ox, where columns with ox &ge; outW are computed
 * and thrown away. With a larger stride the rows are gathered, column j = oy * outW + ox.
 */
record ConvPlan(
    int batch,
    int srcC,
    int srcH,
    int srcW,
    int stepY,
    int stepX,
    int top,
    int left,
    int planeH,
    int planeW,
    int dstC,
    int groups,
    int kh,
    int kw,
    int dh,
    int dw,
    int sh,
    int sw,
    int outH,
    int outW) {

  /** The forward convolution. */
  static ConvPlan forward(Conv2dParams p) {
    return new ConvPlan(
        p.batch(),
        p.inChannels(),
        p.inH(),
        p.inW(),
        1,
        1,
        p.padH(),
        p.padW(),
        p.inH() + 2 * p.padH(),
        p.inW() + 2 * p.padW(),
        p.outChannels(),
        p.groups(),
        p.kernelH(),
        p.kernelW(),
        p.dilationH(),
        p.dilationW(),
        p.strideH(),
        p.strideW(),
        p.outH(),
        p.outW());
  }

  /** The input gradient as a stride-1 correlation of the output gradient (flipped filter). */
  static ConvPlan inputGradient(Conv2dParams p) {
    int reachH = (p.kernelH() - 1) * p.dilationH();
    int reachW = (p.kernelW() - 1) * p.dilationW();
    return new ConvPlan(
        p.batch(),
        p.outChannels(),
        p.outH(),
        p.outW(),
        p.strideH(),
        p.strideW(),
        reachH - p.padH(),
        reachW - p.padW(),
        p.inH() + reachH,
        p.inW() + reachW,
        p.inChannels(),
        p.groups(),
        p.kernelH(),
        p.kernelW(),
        p.dilationH(),
        p.dilationW(),
        1,
        1,
        p.inH(),
        p.inW());
  }

  /** Source channels per group. */
  int srcPerGroup() {
    return srcC / groups;
  }

  /** Output channels per group. */
  int dstPerGroup() {
    return dstC / groups;
  }

  /** Filter taps per output channel: the K of the per-group matrix product. */
  int taps() {
    return srcPerGroup() * kh * kw;
  }

  /** True when rows are contiguous slices of the virtual plane (output stride 1). */
  boolean extended() {
    return sh == 1 && sw == 1;
  }

  /** True when the virtual plane is the source plane itself (nothing to place or pad). */
  boolean identityPlane() {
    return top == 0 && left == 0 && stepY == 1 && stepX == 1 && planeH == srcH && planeW == srcW;
  }

  /** Distance between output rows in an im2col row. */
  int pitch() {
    return extended() ? planeW : outW;
  }

  /** Columns of one sample's im2col row. */
  int rowLength() {
    return (outH - 1) * pitch() + outW;
  }
}
