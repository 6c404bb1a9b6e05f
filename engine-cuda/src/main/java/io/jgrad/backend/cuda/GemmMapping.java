package io.jgrad.backend.cuda;

/**
 * A row-major product {@code C[m,n] = op(A)[m,k] · op(B)[k,n]} expressed as one column-major cuBLAS
 * {@code sgemm} call without transposing copies. A row-major matrix read column-major is its
 * transpose, so cuBLAS computes {@code C^T[n,m] = op(B)^T · op(A)^T}: the first cuBLAS operand is
 * B, the second is A, and each keeps its own transpose flag.
 *
 * @param transFirst whether cuBLAS transposes its first operand (B)
 * @param transSecond whether cuBLAS transposes its second operand (A)
 * @param rows cuBLAS {@code m}: rows of the column-major result, = n
 * @param cols cuBLAS {@code n}: columns of the column-major result, = m
 * @param depth cuBLAS {@code k}, = k
 * @param ldFirst leading dimension of B as stored
 * @param ldSecond leading dimension of A as stored
 * @param ldResult leading dimension of C, = n
 */
public record GemmMapping(
    boolean transFirst,
    boolean transSecond,
    int rows,
    int cols,
    int depth,
    int ldFirst,
    int ldSecond,
    int ldResult) {

  /**
   * The cuBLAS call for the row-major product. A is stored as [m,k] (or [k,m] when {@code transA}),
   * B as [k,n] (or [n,k] when {@code transB}).
   */
  public static GemmMapping rowMajor(int m, int k, int n, boolean transA, boolean transB) {
    if (m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException(
          "matmul: sizes must be >= 0, got m=" + m + ", k=" + k + ", n=" + n);
    }
    // B stored [k,n] reads column-major as B^T [n,k] with leading dim n: no transpose needed.
    // B stored [n,k] (transB) reads as [k,n] = op(B); cuBLAS must transpose it back.
    int ldB = Math.max(1, transB ? k : n);
    int ldA = Math.max(1, transA ? m : k);
    return new GemmMapping(transB, transA, n, m, k, ldB, ldA, Math.max(1, n));
  }
}
