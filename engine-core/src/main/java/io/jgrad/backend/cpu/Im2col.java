package io.jgrad.backend.cpu;

import java.util.Arrays;

/** Data movement for convolutions: virtual planes, im2col rows, and scattering products back. */
final class Im2col {
  private Im2col() {}

  /**
   * Writes the virtual plane of {@code plan} for the source plane at {@code srcOff} into {@code
   * plane[0, planeH * planeW)}: zeros, with source pixels placed at (top + y*stepY, left + x*stepX)
   * when that is inside.
   */
  static void fillPlane(ConvPlan plan, float[] src, int srcOff, float[] plane) {
    fillPlane(plan, src, srcOff, plane, 0);
  }

  /** {@link #fillPlane(ConvPlan, float[], int, float[])} into {@code plane} from {@code at}. */
  static void fillPlane(ConvPlan plan, float[] src, int srcOff, float[] plane, int at) {
    int ph = plan.planeH();
    int pw = plan.planeW();
    Arrays.fill(plane, at, at + ph * pw, 0f);
    int sx = plan.stepX();
    // source columns whose target column lies in [0, pw)
    int x0 = Math.max(0, ceilDiv(-plan.left(), sx));
    int x1 = Math.min(plan.srcW(), ceilDiv(pw - plan.left(), sx));
    if (x0 >= x1) {
      return;
    }
    for (int y = 0; y < plan.srcH(); y++) {
      int py = plan.top() + y * plan.stepY();
      if (py < 0 || py >= ph) {
        continue;
      }
      int from = srcOff + y * plan.srcW();
      int to = at + py * pw + plan.left();
      if (sx == 1) {
        System.arraycopy(src, from + x0, plane, to + x0, x1 - x0);
      } else {
        for (int x = x0; x < x1; x++) {
          plane[to + x * sx] = src[from + x];
        }
      }
    }
  }

  /**
   * Copies columns [j0, j1) of the im2col rows of the {@code kh * kw} taps of one virtual plane
   * into rows {@code rows[row0 + tap]}, starting at column {@code at}.
   */
  static void rows(
      ConvPlan plan,
      float[] plane,
      int planeOff,
      int j0,
      int j1,
      float[][] rows,
      int row0,
      int at) {
    int pw = plan.planeW();
    int len = j1 - j0;
    for (int ky = 0; ky < plan.kh(); ky++) {
      for (int kx = 0; kx < plan.kw(); kx++) {
        float[] r = rows[row0 + ky * plan.kw() + kx];
        int tap = planeOff + ky * plan.dh() * pw + kx * plan.dw();
        if (plan.extended()) {
          copy(plane, tap + j0, r, at, len);
        } else {
          gather(plan, plane, tap, j0, j1, r, at);
        }
      }
    }
  }

  /** Strided rows: column j = oy * outW + ox reads plane[tap + oy*sh*planeW + ox*sw]. */
  static void gather(ConvPlan plan, float[] plane, int tap, int j0, int j1, float[] r, int at) {
    int ow = plan.outW();
    int rowStep = plan.sh() * plan.planeW();
    int sw = plan.sw();
    int j = j0;
    while (j < j1) {
      int oy = j / ow;
      int ox = j - oy * ow;
      int end = Math.min(j1, (oy + 1) * ow);
      int base = tap + oy * rowStep;
      int o = at + (j - j0);
      for (int x = ox; x < ox + (end - j); x++) {
        r[o++] = plane[base + x * sw];
      }
      j = end;
    }
  }

  /**
   * Scatters product row {@code row}, columns [j0, j1) starting at {@code at}, into output plane
   * {@code dst[dstOff, dstOff + outH * outW)}, dropping the extended columns ox &ge; outW.
   */
  static void scatter(ConvPlan plan, float[] row, int at, int j0, int j1, float[] dst, int dstOff) {
    int pitch = plan.pitch();
    int ow = plan.outW();
    if (pitch == ow) {
      System.arraycopy(row, at, dst, dstOff + j0, j1 - j0);
      return;
    }
    for (int oy = j0 / pitch; oy * pitch < j1; oy++) {
      int start = Math.max(j0, oy * pitch);
      int end = Math.min(j1, oy * pitch + ow);
      if (start < end) {
        copy(row, at + start - j0, dst, dstOff + oy * ow + start - oy * pitch, end - start);
      }
    }
  }

  /**
   * The inverse of {@link #scatter}: columns [j0, j1) of an output plane as an im2col-shaped row
   * starting at column {@code at}, with zeros in the extended columns.
   */
  static void gatherOutput(
      ConvPlan plan, float[] src, int srcOff, int j0, int j1, float[] row, int at) {
    int pitch = plan.pitch();
    int ow = plan.outW();
    if (pitch == ow) {
      System.arraycopy(src, srcOff + j0, row, at, j1 - j0);
      return;
    }
    Arrays.fill(row, at, at + j1 - j0, 0f);
    for (int oy = j0 / pitch; oy * pitch < j1; oy++) {
      int start = Math.max(j0, oy * pitch);
      int end = Math.min(j1, oy * pitch + ow);
      if (start < end) {
        copy(src, srcOff + oy * ow + start - oy * pitch, row, at + start - j0, end - start);
      }
    }
  }

  /** {@code System.arraycopy}, with a plain loop for the very short copies of tiny planes. */
  static void copy(float[] src, int from, float[] dst, int to, int len) {
    if (len < 8) {
      for (int i = 0; i < len; i++) {
        dst[to + i] = src[from + i];
      }
    } else {
      System.arraycopy(src, from, dst, to, len);
    }
  }

  static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
