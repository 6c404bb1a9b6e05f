package io.jgrad.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-lane dot products of {@link PanamaOps#dotLanes}: a tile of five A rows by four B rows
 * keeps its 20 lane accumulators in registers while the loop runs along the rows, nine loads per 20
 * fused multiply-adds. Accumulators are loaded from and stored back to the caller's buffer, so a
 * repeated row or column at the edges (when fewer than five or four remain) stores the same value
 * twice instead of adding twice.
 */
final class PanamaDot {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private PanamaDot() {}

  static void dotLanes(
      float[][] a, int aRow, int m, float[] b, int[] bOff, int n, int width, float[] acc) {
    int end = (width + L - 1) / L * L;
    for (int i = 0; i < m; i += 5) {
      int[] r = {
        i,
        Math.min(i + 1, m - 1),
        Math.min(i + 2, m - 1),
        Math.min(i + 3, m - 1),
        Math.min(i + 4, m - 1)
      };
      for (int q = 0; q < n; q += 4) {
        int[] t = {q, Math.min(q + 1, n - 1), Math.min(q + 2, n - 1), Math.min(q + 3, n - 1)};
        tile(
            a[aRow + r[0]],
            a[aRow + r[1]],
            a[aRow + r[2]],
            a[aRow + r[3]],
            a[aRow + r[4]],
            b,
            bOff[t[0]],
            bOff[t[1]],
            bOff[t[2]],
            bOff[t[3]],
            end,
            acc,
            r,
            n,
            t);
      }
    }
  }

  private static void tile(
      float[] a0,
      float[] a1,
      float[] a2,
      float[] a3,
      float[] a4,
      float[] b,
      int o0,
      int o1,
      int o2,
      int o3,
      int end,
      float[] acc,
      int[] r,
      int n,
      int[] t) {
    int s00 = (r[0] * n + t[0]) * L;
    int s01 = (r[0] * n + t[1]) * L;
    int s02 = (r[0] * n + t[2]) * L;
    int s03 = (r[0] * n + t[3]) * L;
    int s10 = (r[1] * n + t[0]) * L;
    int s11 = (r[1] * n + t[1]) * L;
    int s12 = (r[1] * n + t[2]) * L;
    int s13 = (r[1] * n + t[3]) * L;
    int s20 = (r[2] * n + t[0]) * L;
    int s21 = (r[2] * n + t[1]) * L;
    int s22 = (r[2] * n + t[2]) * L;
    int s23 = (r[2] * n + t[3]) * L;
    int s30 = (r[3] * n + t[0]) * L;
    int s31 = (r[3] * n + t[1]) * L;
    int s32 = (r[3] * n + t[2]) * L;
    int s33 = (r[3] * n + t[3]) * L;
    int s40 = (r[4] * n + t[0]) * L;
    int s41 = (r[4] * n + t[1]) * L;
    int s42 = (r[4] * n + t[2]) * L;
    int s43 = (r[4] * n + t[3]) * L;
    FloatVector x00 = FloatVector.fromArray(S, acc, s00);
    FloatVector x01 = FloatVector.fromArray(S, acc, s01);
    FloatVector x02 = FloatVector.fromArray(S, acc, s02);
    FloatVector x03 = FloatVector.fromArray(S, acc, s03);
    FloatVector x10 = FloatVector.fromArray(S, acc, s10);
    FloatVector x11 = FloatVector.fromArray(S, acc, s11);
    FloatVector x12 = FloatVector.fromArray(S, acc, s12);
    FloatVector x13 = FloatVector.fromArray(S, acc, s13);
    FloatVector x20 = FloatVector.fromArray(S, acc, s20);
    FloatVector x21 = FloatVector.fromArray(S, acc, s21);
    FloatVector x22 = FloatVector.fromArray(S, acc, s22);
    FloatVector x23 = FloatVector.fromArray(S, acc, s23);
    FloatVector x30 = FloatVector.fromArray(S, acc, s30);
    FloatVector x31 = FloatVector.fromArray(S, acc, s31);
    FloatVector x32 = FloatVector.fromArray(S, acc, s32);
    FloatVector x33 = FloatVector.fromArray(S, acc, s33);
    FloatVector x40 = FloatVector.fromArray(S, acc, s40);
    FloatVector x41 = FloatVector.fromArray(S, acc, s41);
    FloatVector x42 = FloatVector.fromArray(S, acc, s42);
    FloatVector x43 = FloatVector.fromArray(S, acc, s43);
    for (int j = 0; j < end; j += L) {
      FloatVector b0 = FloatVector.fromArray(S, b, o0 + j);
      FloatVector b1 = FloatVector.fromArray(S, b, o1 + j);
      FloatVector b2 = FloatVector.fromArray(S, b, o2 + j);
      FloatVector b3 = FloatVector.fromArray(S, b, o3 + j);
      FloatVector v = FloatVector.fromArray(S, a0, j);
      x00 = v.fma(b0, x00);
      x01 = v.fma(b1, x01);
      x02 = v.fma(b2, x02);
      x03 = v.fma(b3, x03);
      v = FloatVector.fromArray(S, a1, j);
      x10 = v.fma(b0, x10);
      x11 = v.fma(b1, x11);
      x12 = v.fma(b2, x12);
      x13 = v.fma(b3, x13);
      v = FloatVector.fromArray(S, a2, j);
      x20 = v.fma(b0, x20);
      x21 = v.fma(b1, x21);
      x22 = v.fma(b2, x22);
      x23 = v.fma(b3, x23);
      v = FloatVector.fromArray(S, a3, j);
      x30 = v.fma(b0, x30);
      x31 = v.fma(b1, x31);
      x32 = v.fma(b2, x32);
      x33 = v.fma(b3, x33);
      v = FloatVector.fromArray(S, a4, j);
      x40 = v.fma(b0, x40);
      x41 = v.fma(b1, x41);
      x42 = v.fma(b2, x42);
      x43 = v.fma(b3, x43);
    }
    x00.intoArray(acc, s00);
    x01.intoArray(acc, s01);
    x02.intoArray(acc, s02);
    x03.intoArray(acc, s03);
    x10.intoArray(acc, s10);
    x11.intoArray(acc, s11);
    x12.intoArray(acc, s12);
    x13.intoArray(acc, s13);
    x20.intoArray(acc, s20);
    x21.intoArray(acc, s21);
    x22.intoArray(acc, s22);
    x23.intoArray(acc, s23);
    x30.intoArray(acc, s30);
    x31.intoArray(acc, s31);
    x32.intoArray(acc, s32);
    x33.intoArray(acc, s33);
    x40.intoArray(acc, s40);
    x41.intoArray(acc, s41);
    x42.intoArray(acc, s42);
    x43.intoArray(acc, s43);
  }
}
