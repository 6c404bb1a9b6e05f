package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/**
 * Max pooling over [N, C, H, W], like {@code torch.nn.MaxPool2d} with dilation 1 and floor mode;
 * padding counts as -inf and the stride defaults to the kernel size. Output size per axis: floor((n
 * + 2p - k) / s) + 1.
 */
public class MaxPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  /** Square window, stride = window, no padding. */
  public MaxPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  /** Square window and stride, no padding. */
  public MaxPool2d(int kernelSize, int stride) {
    this(kernelSize, stride, 0);
  }

  /** Square window, stride and padding. */
  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding});
  }

  /** Window, stride (null = window) and padding, each one value or [h, w]. */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding) {
    this.kernel = Reprs.pair("MaxPool2d", "kernel_size", kernelSize, 1);
    this.stride = stride == null ? kernel.clone() : Reprs.pair("MaxPool2d", "stride", stride, 1);
    this.padding = Reprs.pair("MaxPool2d", "padding", padding, 0);
    if (2 * this.padding[0] > kernel[0] || 2 * this.padding[1] > kernel[1]) {
      throw new IllegalArgumentException(
          "MaxPool2d: padding "
              + Reprs.tuple(this.padding)
              + " should be at most half of kernel_size "
              + Reprs.tuple(kernel));
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.maxPool2d(x, kernel, stride, padding);
  }

  /** [kH, kW]. */
  public int[] kernelSize() {
    return kernel.clone();
  }

  /** [sH, sW]. */
  public int[] stride() {
    return stride.clone();
  }

  /** [pH, pW]. */
  public int[] padding() {
    return padding.clone();
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + Reprs.intOrTuple(kernel)
        + ", stride="
        + Reprs.intOrTuple(stride)
        + ", padding="
        + Reprs.intOrTuple(padding)
        + ", dilation=1, ceil_mode=False";
  }
}
