package io.jgrad.backend.cpu;

/**
 * The arithmetic of torchvision's {@code rotate(img, angle, interpolation, expand=False,
 * center=None, fill)} on one float32 image, in double precision and rounded once per output pixel:
 * the CPU kernel ({@link CpuImage}) runs it per image in parallel, and data pipelines that rotate
 * on the host call it directly, so both give the same bits.
 */
public final class ImageRotation {
  private ImageRotation() {}

  /**
   * Writes image {@code src[srcOffset ..]} ({@code [c, h, w]}, row-major) rotated by {@code
   * degrees} counter-clockwise about its centre into {@code dst[dstOffset ..]} (the regions must
   * not overlap): output pixel {@code (i, j)} samples the source at {@code sx = cos(a) x - sin(a) y
   * + (w-1)/2}, {@code sy = sin(a) x + cos(a) y + (h-1)/2} with {@code x = j - (w-1)/2}, {@code y =
   * i - (h-1)/2}, by nearest (round half to even) or bilinear sampling. {@code fill} (one value, or
   * one per channel) is blended in where the source lies outside the image; null means
   * torchvision's {@code fill=None}: zeros, no blending. Arguments are not checked here.
   */
  public static void rotate(
      float[] src,
      int srcOffset,
      float[] dst,
      int dstOffset,
      int c,
      int h,
      int w,
      double degrees,
      boolean nearest,
      double[] fill) {
    double theta = Math.toRadians(degrees);
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    int plane = h * w;
    for (int i = 0; i < h; i++) {
      double y = i - cy;
      // hoisted per row: cos * x - sinY + cx is cos * x - sin * y + cx to the bit
      double sinY = sin * y;
      double cosY = cos * y;
      int row = dstOffset + i * w;
      if (nearest && c == 1 && fill == null) {
        nearestRow(src, srcOffset, dst, row, h, w, cos, sin, cx, cy, sinY, cosY);
        continue;
      }
      for (int j = 0; j < w; j++) {
        double x = j - cx;
        double sx = cos * x - sinY + cx;
        double sy = sin * x + cosY + cy;
        if (nearest) {
          nearest(src, srcOffset, dst, row + j, c, h, w, plane, sx, sy, fill);
        } else {
          bilinear(src, srcOffset, dst, row + j, c, h, w, plane, sx, sy, fill);
        }
      }
    }
  }

  /** One output row of a one-channel image, nearest sampling, zeros outside (the common case). */
  private static void nearestRow(
      float[] src,
      int offset,
      float[] dst,
      int row,
      int h,
      int w,
      double cos,
      double sin,
      double cx,
      double cy,
      double sinY,
      double cosY) {
    for (int j = 0; j < w; j++) {
      double x = j - cx;
      int ix = (int) Math.rint(cos * x - sinY + cx);
      int iy = (int) Math.rint(sin * x + cosY + cy);
      boolean inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
      dst[row + j] = inside ? src[offset + iy * w + ix] : 0f;
    }
  }

  private static double fillOf(double[] fill, int ch) {
    return fill[fill.length == 1 ? 0 : ch];
  }

  private static void nearest(
      float[] src,
      int offset,
      float[] dst,
      int o,
      int c,
      int h,
      int w,
      int plane,
      double sx,
      double sy,
      double[] fill) {
    int ix = (int) Math.rint(sx);
    int iy = (int) Math.rint(sy);
    boolean inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
    for (int ch = 0; ch < c; ch++) {
      float v;
      if (inside) {
        v = src[offset + ch * plane + iy * w + ix];
      } else {
        v = fill == null ? 0f : (float) fillOf(fill, ch);
      }
      dst[o + ch * plane] = v;
    }
  }

  private static void bilinear(
      float[] src,
      int offset,
      float[] dst,
      int o,
      int c,
      int h,
      int w,
      int plane,
      double sx,
      double sy,
      double[] fill) {
    double fx = Math.floor(sx);
    double fy = Math.floor(sy);
    double ax = sx - fx;
    double ay = sy - fy;
    boolean inX0 = fx >= 0 && fx < w;
    boolean inX1 = fx + 1 >= 0 && fx + 1 < w;
    boolean inY0 = fy >= 0 && fy < h;
    boolean inY1 = fy + 1 >= 0 && fy + 1 < h;
    double w00 = inX0 && inY0 ? (1 - ax) * (1 - ay) : 0;
    double w01 = inX1 && inY0 ? ax * (1 - ay) : 0;
    double w10 = inX0 && inY1 ? (1 - ax) * ay : 0;
    double w11 = inX1 && inY1 ? ax * ay : 0;
    double mask = w00 + w01 + w10 + w11;
    // Only dereferenced for corners inside the image, where the index is in range.
    int p00 = (int) fy * w + (int) fx;
    for (int ch = 0; ch < c; ch++) {
      int base = offset + ch * plane + p00;
      double val = 0;
      if (w00 != 0) {
        val += w00 * src[base];
      }
      if (w01 != 0) {
        val += w01 * src[base + 1];
      }
      if (w10 != 0) {
        val += w10 * src[base + w];
      }
      if (w11 != 0) {
        val += w11 * src[base + w + 1];
      }
      if (fill != null) {
        val = val * mask + (1 - mask) * fillOf(fill, ch);
      }
      dst[o + ch * plane] = (float) val;
    }
  }
}
