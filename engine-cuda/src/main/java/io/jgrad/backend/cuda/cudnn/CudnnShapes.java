package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.Arrays;

/**
 * The shape arithmetic behind jgrad's cuDNN descriptors, kept free of native calls so it is tested
 * on machines without a GPU: NCHW strides, the 4-D views of each kernel family and the mode numbers
 * chosen from jgrad's parameters.
 */
public final class CudnnShapes {
  private CudnnShapes() {}

  /** Row-major strides of a packed NCHW tensor: {@code [C*H*W, H*W, W, 1]}. */
  public static int[] nchwStrides(int n, int c, int h, int w) {
    checkDims("tensor", n, c, h, w);
    long chw = (long) c * h * w;
    long total = chw * n;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "cudnn: tensor ["
              + n
              + ", "
              + c
              + ", "
              + h
              + ", "
              + w
              + "] has more than 2^31-1"
              + " elements");
    }
    return new int[] {(int) chw, h * w, w, 1};
  }

  /** The output dims {@code [N, C_out, H_out, W_out]} of a convolution, validated. */
  public static int[] convOutputDims(Conv2dParams p) {
    if (p.groups() < 1 || p.inChannels() % p.groups() != 0 || p.outChannels() % p.groups() != 0) {
      throw new IllegalArgumentException(
          "conv2d: groups must divide in and out channels, got groups "
              + p.groups()
              + " for "
              + p.inChannels()
              + " -> "
              + p.outChannels()
              + " channels");
    }
    if (p.strideH() < 1 || p.strideW() < 1 || p.dilationH() < 1 || p.dilationW() < 1) {
      throw new IllegalArgumentException("conv2d: stride and dilation must be positive, got " + p);
    }
    if (p.padH() < 0 || p.padW() < 0) {
      throw new IllegalArgumentException("conv2d: padding must be >= 0, got " + p);
    }
    int[] dims = {p.batch(), p.outChannels(), p.outH(), p.outW()};
    if (p.kernelH() < 1 || p.kernelW() < 1 || dims[2] < 1 || dims[3] < 1) {
      throw new IllegalArgumentException(
          "conv2d: kernel "
              + p.kernelH()
              + "x"
              + p.kernelW()
              + " does not fit the padded input "
              + p.inH()
              + "x"
              + p.inW()
              + " (output would be "
              + Arrays.toString(dims)
              + ")");
    }
    return dims;
  }

  /** The filter dims {@code [C_out, C_in/groups, kH, kW]}. */
  public static int[] filterDims(Conv2dParams p) {
    return new int[] {p.outChannels(), p.inPerGroup(), p.kernelH(), p.kernelW()};
  }

  /** The output dims {@code [N, C, H_out, W_out]} of a pooling window, validated. */
  public static int[] poolOutputDims(Pool2dParams p) {
    if (p.kernelH() < 1 || p.kernelW() < 1 || p.strideH() < 1 || p.strideW() < 1) {
      throw new IllegalArgumentException("pool: kernel and stride must be positive, got " + p);
    }
    if (p.padH() < 0 || p.padW() < 0 || p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
      throw new IllegalArgumentException("pool: padding must be in [0, kernel/2], got " + p);
    }
    int[] dims = {p.batch(), p.channels(), p.outH(), p.outW()};
    if (dims[2] < 1 || dims[3] < 1) {
      throw new IllegalArgumentException(
          "pool: window does not fit the input, output would be " + Arrays.toString(dims));
    }
    return dims;
  }

  /**
   * The cuDNN pooling mode: deterministic max, or average including or excluding padding in the
   * divisor (PyTorch's {@code count_include_pad}).
   */
  public static int poolingMode(boolean max, boolean countIncludePad) {
    if (max) {
      return CudnnConst.POOLING_MAX_DETERMINISTIC;
    }
    return countIncludePad
        ? CudnnConst.POOLING_AVERAGE_INCLUDE_PADDING
        : CudnnConst.POOLING_AVERAGE_EXCLUDE_PADDING;
  }

  /**
   * Softmax over the middle axis of {@code [outer, dim, inner]} is cuDNN's channel mode over the
   * NCHW view {@code [outer, dim, inner, 1]}.
   */
  public static int[] softmaxDims(int outer, int dim, int inner) {
    checkDims("softmax", outer, dim, inner, 1);
    return new int[] {outer, dim, inner, 1};
  }

  /** {@code CUDNN_SOFTMAX_LOG} for log-softmax, else {@code CUDNN_SOFTMAX_ACCURATE}. */
  public static int softmaxAlgorithm(boolean log) {
    return log ? CudnnConst.SOFTMAX_LOG : CudnnConst.SOFTMAX_ACCURATE;
  }

  /** A flat buffer of {@code n} elements as the NCHW view {@code [1, 1, 1, n]}. */
  public static int[] flatDims(int n) {
    checkDims("flat", 1, 1, 1, n);
    return new int[] {1, 1, 1, n};
  }

  /** Batch-norm input {@code [N, C, H*W, 1]}: spatial mode only needs H*W, not H and W. */
  public static int[] batchNormDims(int batch, int channels, int spatial) {
    checkDims("batch_norm", batch, channels, spatial, 1);
    return new int[] {batch, channels, spatial, 1};
  }

  /** Per-channel parameters (scale, bias, statistics, conv bias) as {@code [1, C, 1, 1]}. */
  public static int[] perChannelDims(int channels) {
    checkDims("per-channel", 1, channels, 1, 1);
    return new int[] {1, channels, 1, 1};
  }

  private static void checkDims(String what, int n, int c, int h, int w) {
    if (n < 1 || c < 1 || h < 1 || w < 1) {
      throw new IllegalArgumentException(
          "cudnn: "
              + what
              + " dims must be positive, got ["
              + n
              + ", "
              + c
              + ", "
              + h
              + ", "
              + w
              + "]");
    }
  }
}
