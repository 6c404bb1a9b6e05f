package io.jgrad.ops.pool;

import io.jgrad.Tensor;
import io.jgrad.backend.params.Pool2dParams;
import io.jgrad.util.Checks;

/** Argument checks shared by the pooling ops. */
final class PoolChecks {
  private PoolChecks() {}

  /** Validates and derives the window; {@code stride} null means the kernel size (PyTorch). */
  static Pool2dParams params(
      String op, Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    Checks.rank(op, "input", x, 4, "[N, C, H, W]");
    int[] k = Checks.pair(op, "kernel_size", kernel, 1);
    int[] s = stride == null || stride.length == 0 ? k : Checks.pair(op, "stride", stride, 1);
    int[] pad = Checks.pair(op, "padding", padding, 0);
    Checks.check(
        pad[0] * 2 <= k[0] && pad[1] * 2 <= k[1],
        op,
        "padding "
            + java.util.Arrays.toString(pad)
            + " must be at most half of kernel_size "
            + java.util.Arrays.toString(k));
    Checks.check(
        x.dim(2) + 2 * pad[0] >= k[0] && x.dim(3) + 2 * pad[1] >= k[1],
        op,
        "kernel "
            + k[0]
            + "x"
            + k[1]
            + " is larger than the padded input "
            + (x.dim(2) + 2 * pad[0])
            + "x"
            + (x.dim(3) + 2 * pad[1])
            + " (input "
            + x.shape()
            + ")");
    return new Pool2dParams(
        x.dim(0),
        x.dim(1),
        x.dim(2),
        x.dim(3),
        k[0],
        k[1],
        s[0],
        s[1],
        pad[0],
        pad[1],
        countIncludePad);
  }
}
