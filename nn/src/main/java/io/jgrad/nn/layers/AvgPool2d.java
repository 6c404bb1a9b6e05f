package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/**
 * Average pooling over [N, C, H, W], like {@code torch.nn.AvgPool2d} in floor mode: zero padding,
 * stride defaulting to the kernel size and, with {@code countIncludePad} (the default), the divisor
 * always kH·kW.
 */
public class AvgPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final boolean countIncludePad;

  /** Square window, stride = window, no padding. */
  public AvgPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  /** Square window and stride, no padding. */
  public AvgPool2d(int kernelSize, int stride) {
    this(kernelSize, stride, 0);
  }

  /** Square window, stride and padding; padding counts in the divisor. */
  public AvgPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, true);
  }

  /** Every option; {@code stride} null means the window size. */
  public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
    this.kernel = Reprs.pair("AvgPool2d", "kernel_size", kernelSize, 1);
    this.stride = stride == null ? kernel.clone() : Reprs.pair("AvgPool2d", "stride", stride, 1);
    this.padding = Reprs.pair("AvgPool2d", "padding", padding, 0);
    if (2 * this.padding[0] > kernel[0] || 2 * this.padding[1] > kernel[1]) {
      throw new IllegalArgumentException(
          "AvgPool2d: padding "
              + Reprs.tuple(this.padding)
              + " should be at most half of kernel_size "
              + Reprs.tuple(kernel));
    }
    this.countIncludePad = countIncludePad;
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.avgPool2d(x, kernel, stride, padding, countIncludePad);
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

  /** Whether padded zeros count in the divisor. */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + Reprs.intOrTuple(kernel)
        + ", stride="
        + Reprs.intOrTuple(stride)
        + ", padding="
        + Reprs.intOrTuple(padding)
        + (countIncludePad ? "" : ", count_include_pad=False");
  }
}
