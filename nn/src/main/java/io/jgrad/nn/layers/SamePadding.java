package io.jgrad.nn.layers;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.List;

/**
 * PyTorch's {@code padding="same"} for a stride-1 convolution: per axis the total zero padding is
 * d(k-1), of which floor(total/2) goes on each side and the odd one left over (even kernels) goes
 * on the bottom or right, so the output has the input's height and width.
 */
final class SamePadding {
  private SamePadding() {}

  /** The symmetric padding [pH, pW] of "same" (the conv's own padding). */
  static int[] symmetric(int[] kernel, int[] dilation) {
    return new int[] {dilation[0] * (kernel[0] - 1) / 2, dilation[1] * (kernel[1] - 1) / 2};
  }

  /** The extra zero rows (bottom) and columns (right) of "same": 0 or 1 each. */
  static int[] extra(int[] kernel, int[] dilation) {
    return new int[] {dilation[0] * (kernel[0] - 1) % 2, dilation[1] * (kernel[1] - 1) % 2};
  }

  /** x [N, C, H, W] with {@code extra[0]} zero rows below and {@code extra[1]} columns right. */
  static Tensor padBottomRight(Tensor x, int[] extra) {
    Tensor y = x;
    if (extra[0] > 0) {
      Shape z = Shape.of(x.dim(0), x.dim(1), extra[0], x.dim(3));
      y = Tensors.cat(List.of(y, Tensors.zeros(z, x.device())), 2);
    }
    if (extra[1] > 0) {
      Shape z = Shape.of(y.dim(0), y.dim(1), y.dim(2), extra[1]);
      y = Tensors.cat(List.of(y, Tensors.zeros(z, x.device())), 3);
    }
    return y;
  }
}
