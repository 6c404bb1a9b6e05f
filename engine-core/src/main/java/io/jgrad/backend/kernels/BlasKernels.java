package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/** Dense matrix products, row-major. */
public interface BlasKernels {
  /**
   * C[m,n] = op(A)[m,k] · op(B)[k,n] into a new buffer. A is stored row-major as [m,k], or as [k,m]
   * when {@code transA}; B as [k,n], or as [n,k] when {@code transB}.
   */
  Storage matmul(Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB);
}
