package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.BlasKernels;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasOperation;

/** Row-major matrix products as one cuBLAS {@code sgemm} each, mapped by {@link GemmMapping}. */
final class CudaBlas implements BlasKernels {
  private final CudaBackend backend;

  CudaBlas(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage matmul(Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB) {
    String what =
        "matmul ["
            + m
            + ","
            + k
            + "]x["
            + k
            + ","
            + n
            + "] (transA="
            + transA
            + ", transB="
            + transB
            + ")";
    CudaStorage left = CudaStorage.of(a, what);
    CudaStorage right = CudaStorage.of(b, what);
    GemmMapping g = GemmMapping.rowMajor(m, k, n, transA, transB);
    if ((long) m * k != left.size() || (long) k * n != right.size()) {
      throw new IllegalArgumentException(
          what
              + ": A has "
              + left.size()
              + " elements (expected "
              + (long) m * k
              + "), B has "
              + right.size()
              + " (expected "
              + (long) k * n
              + ")");
    }
    if (m == 0 || n == 0) {
      return backend.allocate(m * n);
    }
    if (k == 0) {
      return backend.memory().zeros(m * n);
    }
    CudaStorage out = backend.allocate(Math.multiplyExact(m, n));
    StreamContext sc = backend.stream();
    CudaErrors.cublas(
        JCublas2.cublasSgemm(
            sc.cublas(),
            g.transFirst() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
            g.transSecond() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
            g.rows(),
            g.cols(),
            g.depth(),
            CudaBackend.ONE,
            right.pointer(sc),
            g.ldFirst(),
            left.pointer(sc),
            g.ldSecond(),
            CudaBackend.ZERO,
            out.pointer(sc),
            g.ldResult()),
        what + " (cublasSgemm)");
    CudaStorage.keepAlive(left, right);
    return out;
  }
}
