package io.jgrad.ops.linalg;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.BlasKernels;
import io.jgrad.util.Checks;

/** C = A·B for 2-D A [m,k], B [k,n]. Gradients dA = G·Bᵀ and dB = Aᵀ·G. */
public final class MatMulOp extends Function {
  private Storage a;
  private Storage b;
  private int m;
  private int k;
  private int n;

  /** The matrix product. */
  public static Tensor apply(Tensor a, Tensor b) {
    Checks.rank("matmul", "a", a, 2, "[n, k]");
    Checks.rank("matmul", "b", b, 2, "[k, m]");
    Checks.sameDevice("matmul", a, b);
    if (a.dim(1) != b.dim(0)) {
      throw Checks.error(
          "matmul",
          "a "
              + a.shape()
              + " and b "
              + b.shape()
              + " cannot be multiplied (inner dimensions "
              + a.dim(1)
              + " and "
              + b.dim(0)
              + " differ)");
    }
    MatMulOp op = new MatMulOp();
    op.a = a.storage();
    op.b = b.storage();
    op.m = a.dim(0);
    op.k = a.dim(1);
    op.n = b.dim(1);
    Storage c = a.backend().blas().matmul(op.a, op.b, op.m, op.k, op.n, false, false);
    return op.record(c, Shape.of(op.m, op.n), a, b);
  }

  @Override
  protected Storage[] backward(Storage g) {
    BlasKernels blas = backend().blas();
    Storage ga = needsInputGrad(0) ? blas.matmul(g, b, m, n, k, false, true) : null;
    Storage gb = needsInputGrad(1) ? blas.matmul(a, g, k, m, n, true, false) : null;
    return grads(ga, gb);
  }

  @Override
  protected void releaseSaved() {
    a = null;
    b = null;
  }
}
