package io.jgrad.backend.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The reference matrix product on a product computed by hand, in every storage order. */
class RefBlasTest {
  private final RefBackend ref = new RefBackend();

  // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [2, -1]], A.B = [[7, -1], [16, -1]]
  private static final double[] A = {1, 2, 3, 4, 5, 6};
  private static final double[] A_T = {1, 4, 2, 5, 3, 6};
  private static final double[] B = {1, 0, 0, 1, 2, -1};
  private static final double[] B_T = {1, 0, 2, 0, 1, -1};
  private static final double[] C = {7, -1, 16, -1};

  @Test
  void everyTransposeCombinationGivesTheSameProduct() {
    assertArrayEquals(C, product(A, B, false, false), 0);
    assertArrayEquals(C, product(A_T, B, true, false), 0);
    assertArrayEquals(C, product(A, B_T, false, true), 0);
    assertArrayEquals(C, product(A_T, B_T, true, true), 0);
  }

  @Test
  void rejectsMismatchedSizes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ref.blas().matmul(ref.wrap(A), ref.wrap(new double[5]), 2, 3, 2, false, false));
  }

  private double[] product(double[] a, double[] b, boolean ta, boolean tb) {
    return RefStorage.data(ref.blas().matmul(ref.wrap(a), ref.wrap(b), 2, 3, 2, ta, tb));
  }
}
