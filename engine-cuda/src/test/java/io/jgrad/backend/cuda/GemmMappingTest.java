package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Proves the row-major to column-major GEMM mapping by executing it: a plain column-major sgemm in
 * Java (cuBLAS's semantics, including leading dimensions) run with the mapped arguments on the
 * row-major buffers must equal a row-major reference product, for all four transpose flags.
 */
class GemmMappingTest {
  /** Column-major C[m x n] = op(A) op(B), exactly as BLAS defines sgemm with alpha 1, beta 0. */
  private static float[] columnMajorGemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int lda,
      float[] b,
      int ldb,
      int ldc) {
    float[] c = new float[ldc * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[p + i * lda] : a[i + p * lda];
          float bv = transB ? b[j + p * ldb] : b[p + j * ldb];
          sum += (double) av * bv;
        }
        c[i + j * ldc] = (float) sum;
      }
    }
    return c;
  }

  /** Row-major C[m,n] = op(A) op(B) with A stored [m,k] or [k,m], B [k,n] or [n,k]. */
  private static float[] rowMajorReference(
      float[] a, float[] b, int m, int k, int n, boolean transA, boolean transB) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[p * m + i] : a[i * k + p];
          float bv = transB ? b[j * k + p] : b[p * n + j];
          sum += (double) av * bv;
        }
        c[i * n + j] = (float) sum;
      }
    }
    return c;
  }

  @Test
  void allTransposeCombinationsMatchTheRowMajorProduct() {
    SplittableRandom rng = new SplittableRandom(42);
    int[][] sizes = {{1, 1, 1}, {2, 3, 4}, {5, 1, 3}, {3, 7, 1}, {4, 4, 4}, {7, 5, 6}};
    for (int[] s : sizes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          float[] a = random(rng, m * k);
          float[] b = random(rng, k * n);
          GemmMapping g = GemmMapping.rowMajor(m, k, n, transA, transB);
          assertEquals(n, g.rows());
          assertEquals(m, g.cols());
          assertEquals(k, g.depth());
          assertEquals(n, g.ldResult());
          // cuBLAS's first operand is B, its second A.
          float[] c =
              columnMajorGemm(
                  g.transFirst(),
                  g.transSecond(),
                  g.rows(),
                  g.cols(),
                  g.depth(),
                  b,
                  g.ldFirst(),
                  a,
                  g.ldSecond(),
                  g.ldResult());
          float[] ref = rowMajorReference(a, b, m, k, n, transA, transB);
          String what =
              "m="
                  + m
                  + " k="
                  + k
                  + " n="
                  + n
                  + " transA="
                  + transA
                  + " transB="
                  + transB
                  + " "
                  + g;
          assertEquals(ref.length, c.length, what);
          for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], c[i], 1e-6f * (1 + Math.abs(ref[i])), what + " at " + i);
          }
        }
      }
    }
  }

  @Test
  void leadingDimensionsFollowTheStoredLayouts() {
    GemmMapping nn = GemmMapping.rowMajor(2, 3, 4, false, false);
    assertEquals(4, nn.ldFirst()); // B stored [3,4]
    assertEquals(3, nn.ldSecond()); // A stored [2,3]
    GemmMapping tt = GemmMapping.rowMajor(2, 3, 4, true, true);
    assertEquals(3, tt.ldFirst()); // B stored [4,3]
    assertEquals(2, tt.ldSecond()); // A stored [3,2]
    assertEquals(true, tt.transFirst());
    assertEquals(true, tt.transSecond());
    assertThrows(
        IllegalArgumentException.class, () -> GemmMapping.rowMajor(-1, 2, 2, false, false));
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return x;
  }
}
