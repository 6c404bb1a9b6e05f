package io.jgrad.backend.cuda.cudnn;

/**
 * The cuDNN enum values jgrad passes, written out here rather than read from the JCudnn 11.7
 * constant classes (which describe cuDNN 8). These enums kept their numbers in cuDNN 9; only {@code
 * cudnnStatus_t} was renumbered (see {@link CudnnStatus}).
 */
public final class CudnnConst {
  /** {@code CUDNN_DATA_FLOAT}. */
  public static final int DATA_FLOAT = 0;

  /** {@code CUDNN_TENSOR_NCHW}. */
  public static final int TENSOR_NCHW = 0;

  /** {@code CUDNN_CROSS_CORRELATION}: what deep-learning frameworks call convolution. */
  public static final int CROSS_CORRELATION = 1;

  /** {@code CUDNN_DEFAULT_MATH}: may use TF32 tensor cores on Ampere and newer. */
  public static final int DEFAULT_MATH = 0;

  /** {@code CUDNN_FMA_MATH}: plain FP32 FMA, bit-for-bit closer to the CPU backend. */
  public static final int FMA_MATH = 3;

  /** {@code CUDNN_PROPAGATE_NAN}. */
  public static final int PROPAGATE_NAN = 1;

  /** {@code CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING}. */
  public static final int POOLING_AVERAGE_INCLUDE_PADDING = 1;

  /** {@code CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING}. */
  public static final int POOLING_AVERAGE_EXCLUDE_PADDING = 2;

  /** {@code CUDNN_POOLING_MAX_DETERMINISTIC}: each gradient goes to exactly one element. */
  public static final int POOLING_MAX_DETERMINISTIC = 3;

  /** {@code CUDNN_SOFTMAX_ACCURATE}: the maximum is subtracted first. */
  public static final int SOFTMAX_ACCURATE = 1;

  /** {@code CUDNN_SOFTMAX_LOG}. */
  public static final int SOFTMAX_LOG = 2;

  /** {@code CUDNN_SOFTMAX_MODE_CHANNEL}: softmax over C for every (n, h, w). */
  public static final int SOFTMAX_MODE_CHANNEL = 1;

  /** {@code CUDNN_BATCHNORM_SPATIAL}: statistics per channel over (N, H, W). */
  public static final int BATCHNORM_SPATIAL = 1;

  /** The first cuDNN version jgrad accepts, as returned by {@code cudnnGetVersion()}. */
  public static final long MIN_VERSION = 90000;

  private CudnnConst() {}
}
