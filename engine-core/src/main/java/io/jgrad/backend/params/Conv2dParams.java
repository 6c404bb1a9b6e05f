package io.jgrad.backend.params;

/**
 * Everything a 2-D convolution kernel needs: NCHW input, OIHW weight, and the attributes.
 *
 * @param batch N
 * @param inChannels C_in
 * @param inH input height
 * @param inW input width
 * @param outChannels C_out
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH zero padding top and bottom
 * @param padW zero padding left and right
 * @param dilationH vertical dilation
 * @param dilationW horizontal dilation
 * @param groups number of groups; C_in and C_out are divisible by it
 */
public record Conv2dParams(
    int batch,
    int inChannels,
    int inH,
    int inW,
    int outChannels,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    int dilationH,
    int dilationW,
    int groups) {

  /** Output height: floor((H + 2p - d(k-1) - 1) / s) + 1. */
  public int outH() {
    return (inH + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
  }

  /** Output width. */
  public int outW() {
    return (inW + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
  }

  /** Input channels per group. */
  public int inPerGroup() {
    return inChannels / groups;
  }

  /** Output channels per group. */
  public int outPerGroup() {
    return outChannels / groups;
  }

  /** Elements of the input. */
  public int inputSize() {
    return batch * inChannels * inH * inW;
  }

  /** Elements of the weight. */
  public int weightSize() {
    return outChannels * inPerGroup() * kernelH * kernelW;
  }

  /** Elements of the output. */
  public int outputSize() {
    return batch * outChannels * outH() * outW();
  }

  /** Multiply-adds of the forward pass (each is two FLOPs). */
  public long macs() {
    return (long) batch * outChannels * outH() * outW() * inPerGroup() * kernelH * kernelW;
  }
}
