package io.jgrad.backend.params;

/**
 * A 2-D pooling window over NCHW input.
 *
 * @param batch N
 * @param channels C
 * @param inH input height
 * @param inW input width
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH padding top and bottom (-inf for max, zeros for average)
 * @param padW padding left and right
 * @param countIncludePad average pooling: divide by kH*kW even where the window covers padding
 */
public record Pool2dParams(
    int batch,
    int channels,
    int inH,
    int inW,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    boolean countIncludePad) {

  /** Output height: floor((H + 2p - k) / s) + 1. */
  public int outH() {
    return (inH + 2 * padH - kernelH) / strideH + 1;
  }

  /** Output width. */
  public int outW() {
    return (inW + 2 * padW - kernelW) / strideW + 1;
  }

  /** Elements of the input. */
  public int inputSize() {
    return batch * channels * inH * inW;
  }

  /** Elements of the output. */
  public int outputSize() {
    return batch * channels * outH() * outW();
  }
}
