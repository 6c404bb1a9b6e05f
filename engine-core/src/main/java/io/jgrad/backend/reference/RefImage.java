package io.jgrad.backend.reference;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.params.Interpolation;

/** Image rotation in the plainest loops, in double. */
final class RefImage implements ImageKernels {
  private final RefBackend backend;

  RefImage(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage rotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill) {
    ImageKernels.checkRotate(images, shape, degrees, interpolation, fill);
    double[] x = RefStorage.data(images);
    int n = shape.dim(0);
    int c = shape.dim(1);
    int h = shape.dim(2);
    int w = shape.dim(3);
    RefStorage out = backend.allocate(x.length);
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    for (int b = 0; b < n; b++) {
      double a = Math.toRadians(degrees[b]);
      double cos = Math.cos(a);
      double sin = Math.sin(a);
      for (int ch = 0; ch < c; ch++) {
        int plane = (b * c + ch) * h * w;
        double f = fill == null ? 0 : fill[fill.length == 1 ? 0 : ch];
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double sx = cos * (j - cx) - sin * (i - cy) + cx;
            double sy = sin * (j - cx) + cos * (i - cy) + cy;
            out.data[plane + i * w + j] =
                interpolation == Interpolation.NEAREST
                    ? nearest(x, plane, h, w, sx, sy, f)
                    : bilinear(x, plane, h, w, sx, sy, f, fill != null);
          }
        }
      }
    }
    return out;
  }

  private static double nearest(
      double[] x, int plane, int h, int w, double sx, double sy, double f) {
    double rx = Math.rint(sx);
    double ry = Math.rint(sy);
    boolean inside = rx >= 0 && rx < w && ry >= 0 && ry < h;
    return inside ? x[plane + (int) ry * w + (int) rx] : f;
  }

  private static double bilinear(
      double[] x, int plane, int h, int w, double sx, double sy, double f, boolean blend) {
    double x0 = Math.floor(sx);
    double y0 = Math.floor(sy);
    double ax = sx - x0;
    double ay = sy - y0;
    double val = 0;
    double mask = 0;
    for (int dy = 0; dy <= 1; dy++) {
      for (int dx = 0; dx <= 1; dx++) {
        double px = x0 + dx;
        double py = y0 + dy;
        if (px >= 0 && px < w && py >= 0 && py < h) {
          double weight = (dx == 0 ? 1 - ax : ax) * (dy == 0 ? 1 - ay : ay);
          val += weight * x[plane + (int) py * w + (int) px];
          mask += weight;
        }
      }
    }
    return blend ? val * mask + (1 - mask) * f : val;
  }
}
