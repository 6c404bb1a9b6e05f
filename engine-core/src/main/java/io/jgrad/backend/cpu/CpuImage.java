package io.jgrad.backend.cpu;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.params.Interpolation;

/**
 * Image rotation on float32 buffers, images split across {@link Parallel}. Coordinates, weights and
 * the blend are computed in double and rounded once per output pixel, so the result is the same for
 * any number of threads.
 */
final class CpuImage implements ImageKernels {
  /** Output values per parallel chunk, at least one image. */
  private static final int GRAIN_VALUES = 1 << 14;

  private final CpuBackend backend;

  CpuImage(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage rotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill) {
    ImageKernels.checkRotate(images, shape, degrees, interpolation, fill);
    float[] src = CpuStorage.data(images);
    int c = shape.dim(1);
    int h = shape.dim(2);
    int w = shape.dim(3);
    CpuStorage out = backend.uninitialized(src.length);
    float[] dst = out.data;
    int perImage = c * h * w;
    int grain = Math.max(1, GRAIN_VALUES / Math.max(1, perImage));
    boolean nearest = interpolation == Interpolation.NEAREST;
    Parallel.forChunks(
        shape.dim(0),
        grain,
        (start, end) -> {
          for (int b = start; b < end; b++) {
            rotateImage(src, dst, b * perImage, c, h, w, degrees[b], nearest, fill);
          }
        });
    return out;
  }

  private static void rotateImage(
      float[] src,
      float[] dst,
      int offset,
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
      for (int j = 0; j < w; j++) {
        double x = j - cx;
        double sx = cos * x - sin * y + cx;
        double sy = sin * x + cos * y + cy;
        int o = offset + i * w + j;
        if (nearest) {
          nearest(src, offset, dst, o, c, h, w, plane, sx, sy, fill);
        } else {
          bilinear(src, offset, dst, o, c, h, w, plane, sx, sy, fill);
        }
      }
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
