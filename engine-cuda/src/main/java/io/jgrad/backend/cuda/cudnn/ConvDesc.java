package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.params.Conv2dParams;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionDescriptor;

/**
 * A 2-D cross-correlation descriptor with float32 compute, groups, and a math type: FMA only
 * (float32 results close to the CPU's) unless TF32 tensor cores are allowed.
 */
public final class ConvDesc implements AutoCloseable {
  private final cudnnConvolutionDescriptor desc = new cudnnConvolutionDescriptor();
  private boolean closed;

  /** The convolution of {@code p}; {@code allowTf32} lets cuDNN use TF32 tensor cores. */
  public ConvDesc(Conv2dParams p, boolean allowTf32) {
    CudnnShapes.convOutputDims(p);
    CudaErrors.cudnn(
        JCudnn.cudnnCreateConvolutionDescriptor(desc), "cudnnCreateConvolutionDescriptor");
    String what = "conv2d descriptor for " + p;
    check(
        JCudnn.cudnnSetConvolution2dDescriptor(
            desc,
            p.padH(),
            p.padW(),
            p.strideH(),
            p.strideW(),
            p.dilationH(),
            p.dilationW(),
            CudnnConst.CROSS_CORRELATION,
            CudnnConst.DATA_FLOAT),
        "cudnnSetConvolution2dDescriptor, " + what);
    check(
        JCudnn.cudnnSetConvolutionGroupCount(desc, p.groups()),
        "cudnnSetConvolutionGroupCount, " + what);
    check(
        JCudnn.cudnnSetConvolutionMathType(
            desc, allowTf32 ? CudnnConst.DEFAULT_MATH : CudnnConst.FMA_MATH),
        "cudnnSetConvolutionMathType, " + what);
  }

  private void check(int rc, String what) {
    if (rc != 0) {
      close();
      CudaErrors.cudnn(rc, what);
    }
  }

  /** The native descriptor. */
  public cudnnConvolutionDescriptor get() {
    return desc;
  }

  /** Destroys the native descriptor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyConvolutionDescriptor(desc);
    }
  }
}
