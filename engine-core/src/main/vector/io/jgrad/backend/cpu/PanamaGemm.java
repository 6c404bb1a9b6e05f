package io.jgrad.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked matrix product of {@link PanamaOps#gemm}: a tile of five C rows by four
 * vectors of columns lives in registers (20 accumulators) while the loop runs over the k rows of B,
 * so each B vector loaded feeds five fused multiply-adds and C is read and written once per tile.
 * Widths are padded to whole tiles ({@link PanamaOps#columnBlock()}). When fewer than five rows
 * remain, the last row is repeated: the repeats compute and store the same values as the row
 * itself.
 */
final class PanamaGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private PanamaGemm() {}

  static void gemm(
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int rs,
      int cs,
      float[] b,
      int[] bOff,
      int k,
      int width) {
    int end = (width + 4 * L - 1) / (4 * L) * (4 * L);
    for (int i = 0; i < m; i += 5) {
      int last = m - 1;
      int r1 = Math.min(i + 1, last);
      int r2 = Math.min(i + 2, last);
      int r3 = Math.min(i + 3, last);
      int r4 = Math.min(i + 4, last);
      float[] c0 = c[cRow + i];
      float[] c1 = c[cRow + r1];
      float[] c2 = c[cRow + r2];
      float[] c3 = c[cRow + r3];
      float[] c4 = c[cRow + r4];
      int a0 = aOff + i * rs;
      int a1 = aOff + r1 * rs;
      int a2 = aOff + r2 * rs;
      int a3 = aOff + r3 * rs;
      int a4 = aOff + r4 * rs;
      for (int j = 0; j < end; j += 4 * L) {
        tile4(c0, c1, c2, c3, c4, a, a0, a1, a2, a3, a4, cs, b, bOff, k, j);
      }
    }
  }

  /** Five rows by four vectors at column j. */
  private static void tile4(
      float[] c0,
      float[] c1,
      float[] c2,
      float[] c3,
      float[] c4,
      float[] a,
      int a0,
      int a1,
      int a2,
      int a3,
      int a4,
      int cs,
      float[] b,
      int[] bOff,
      int k,
      int j) {
    int j1 = j + L;
    int j2 = j + 2 * L;
    int j3 = j + 3 * L;
    FloatVector x00 = FloatVector.fromArray(S, c0, j);
    FloatVector x01 = FloatVector.fromArray(S, c0, j1);
    FloatVector x02 = FloatVector.fromArray(S, c0, j2);
    FloatVector x03 = FloatVector.fromArray(S, c0, j3);
    FloatVector x10 = FloatVector.fromArray(S, c1, j);
    FloatVector x11 = FloatVector.fromArray(S, c1, j1);
    FloatVector x12 = FloatVector.fromArray(S, c1, j2);
    FloatVector x13 = FloatVector.fromArray(S, c1, j3);
    FloatVector x20 = FloatVector.fromArray(S, c2, j);
    FloatVector x21 = FloatVector.fromArray(S, c2, j1);
    FloatVector x22 = FloatVector.fromArray(S, c2, j2);
    FloatVector x23 = FloatVector.fromArray(S, c2, j3);
    FloatVector x30 = FloatVector.fromArray(S, c3, j);
    FloatVector x31 = FloatVector.fromArray(S, c3, j1);
    FloatVector x32 = FloatVector.fromArray(S, c3, j2);
    FloatVector x33 = FloatVector.fromArray(S, c3, j3);
    FloatVector x40 = FloatVector.fromArray(S, c4, j);
    FloatVector x41 = FloatVector.fromArray(S, c4, j1);
    FloatVector x42 = FloatVector.fromArray(S, c4, j2);
    FloatVector x43 = FloatVector.fromArray(S, c4, j3);
    for (int p = 0, ap = 0; p < k; p++, ap += cs) {
      int o = bOff[p] + j;
      FloatVector b0 = FloatVector.fromArray(S, b, o);
      FloatVector b1 = FloatVector.fromArray(S, b, o + L);
      FloatVector b2 = FloatVector.fromArray(S, b, o + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, o + 3 * L);
      FloatVector w = FloatVector.broadcast(S, a[a0 + ap]);
      x00 = b0.fma(w, x00);
      x01 = b1.fma(w, x01);
      x02 = b2.fma(w, x02);
      x03 = b3.fma(w, x03);
      w = FloatVector.broadcast(S, a[a1 + ap]);
      x10 = b0.fma(w, x10);
      x11 = b1.fma(w, x11);
      x12 = b2.fma(w, x12);
      x13 = b3.fma(w, x13);
      w = FloatVector.broadcast(S, a[a2 + ap]);
      x20 = b0.fma(w, x20);
      x21 = b1.fma(w, x21);
      x22 = b2.fma(w, x22);
      x23 = b3.fma(w, x23);
      w = FloatVector.broadcast(S, a[a3 + ap]);
      x30 = b0.fma(w, x30);
      x31 = b1.fma(w, x31);
      x32 = b2.fma(w, x32);
      x33 = b3.fma(w, x33);
      w = FloatVector.broadcast(S, a[a4 + ap]);
      x40 = b0.fma(w, x40);
      x41 = b1.fma(w, x41);
      x42 = b2.fma(w, x42);
      x43 = b3.fma(w, x43);
    }
    x00.intoArray(c0, j);
    x01.intoArray(c0, j1);
    x02.intoArray(c0, j2);
    x03.intoArray(c0, j3);
    x10.intoArray(c1, j);
    x11.intoArray(c1, j1);
    x12.intoArray(c1, j2);
    x13.intoArray(c1, j3);
    x20.intoArray(c2, j);
    x21.intoArray(c2, j1);
    x22.intoArray(c2, j2);
    x23.intoArray(c2, j3);
    x30.intoArray(c3, j);
    x31.intoArray(c3, j1);
    x32.intoArray(c3, j2);
    x33.intoArray(c3, j3);
    x40.intoArray(c4, j);
    x41.intoArray(c4, j1);
    x42.intoArray(c4, j2);
    x43.intoArray(c4, j3);
  }
}
