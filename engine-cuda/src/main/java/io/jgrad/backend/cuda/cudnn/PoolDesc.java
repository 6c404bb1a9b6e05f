package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.params.Pool2dParams;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnPoolingDescriptor;

/** A 2-D pooling descriptor: max (NaN-propagating, deterministic) or average. */
public final class PoolDesc implements AutoCloseable {
  private final cudnnPoolingDescriptor desc = new cudnnPoolingDescriptor();
  private boolean closed;

  /** The window of {@code p}, max pooling when {@code max}, else average. */
  public PoolDesc(Pool2dParams p, boolean max) {
    CudnnShapes.poolOutputDims(p);
    CudaErrors.cudnn(JCudnn.cudnnCreatePoolingDescriptor(desc), "cudnnCreatePoolingDescriptor");
    int rc =
        JCudnn.cudnnSetPooling2dDescriptor(
            desc,
            CudnnShapes.poolingMode(max, p.countIncludePad()),
            CudnnConst.PROPAGATE_NAN,
            p.kernelH(),
            p.kernelW(),
            p.padH(),
            p.padW(),
            p.strideH(),
            p.strideW());
    if (rc != 0) {
      close();
      CudaErrors.cudnn(rc, "cudnnSetPooling2dDescriptor for " + p);
    }
  }

  /** The native descriptor. */
  public cudnnPoolingDescriptor get() {
    return desc;
  }

  /** Destroys the native descriptor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyPoolingDescriptor(desc);
    }
  }
}
