package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.NativePaths;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.BlasKernels;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasOperation;

/**
 * Row-major matrix products: one cuBLAS {@code sgemm} each, mapped by {@link GemmMapping}, or, when
 * cuBLAS is not installed (or {@code -Djgrad.cuda.gemm=kernel}), one launch of jgrad's tiled {@code
 * gemm_f32} kernel, which reads the row-major operands and transpose flags directly.
 */
final class CudaBlas implements BlasKernels {
  /** The tile of C one block of {@code gemm_f32} computes is TILE x TILE. */
  static final int KERNEL_TILE = 64;

  /** Threads per block of {@code gemm_f32}. */
  static final int KERNEL_THREADS = 256;

  private final CudaBackend backend;

  CudaBlas(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage matmul(Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB) {
    boolean kernel = NativePaths.gemm().path() != NativePaths.Gemm.CUBLAS;
    return matmul(a, b, m, k, n, transA, transB, kernel);
  }

  /** {@link #matmul} on the given path: jgrad's kernel when {@code kernel}, else cuBLAS. */
  Storage matmul(
      Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB, boolean kernel) {
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
    if (kernel) {
      Launch.args()
          .ptr(left.pointer(sc))
          .ptr(right.pointer(sc))
          .ptr(out.pointer(sc))
          .i(m)
          .i(n)
          .i(k)
          .i(transA ? 1 : 0)
          .i(transB ? 1 : 0)
          .run(
              sc,
              backend.kernels().function("gemm.cu", "gemm_f32"),
              kernelTiles(m, n),
              KERNEL_THREADS,
              0,
              what + " (gemm_f32)");
      CudaStorage.keepAlive(left, right);
      return out;
    }
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

  /** The blocks of {@code gemm_f32} for an m x n result: one per 64 x 64 tile. */
  static int kernelTiles(int m, int n) {
    return Math.multiplyExact(
        (m + KERNEL_TILE - 1) / KERNEL_TILE, (n + KERNEL_TILE - 1) / KERNEL_TILE);
  }
}
