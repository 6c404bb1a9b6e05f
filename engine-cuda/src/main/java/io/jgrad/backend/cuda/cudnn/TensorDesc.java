package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import java.util.Arrays;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnTensorDescriptor;

/** A packed NCHW float32 tensor descriptor. */
public final class TensorDesc implements AutoCloseable {
  private final cudnnTensorDescriptor desc = new cudnnTensorDescriptor();
  private final int[] dims;
  private boolean closed;

  /** A descriptor of the NCHW dims {@code [n, c, h, w]}. */
  public TensorDesc(int[] dims) {
    if (dims.length != 4) {
      throw new IllegalArgumentException("cudnn: tensor dims must be [N, C, H, W]");
    }
    CudnnShapes.nchwStrides(dims[0], dims[1], dims[2], dims[3]);
    this.dims = dims.clone();
    CudaErrors.cudnn(JCudnn.cudnnCreateTensorDescriptor(desc), "cudnnCreateTensorDescriptor");
    int rc =
        JCudnn.cudnnSetTensor4dDescriptor(
            desc,
            CudnnConst.TENSOR_NCHW,
            CudnnConst.DATA_FLOAT,
            dims[0],
            dims[1],
            dims[2],
            dims[3]);
    if (rc != 0) {
      close();
      CudaErrors.cudnn(rc, "cudnnSetTensor4dDescriptor " + Arrays.toString(dims));
    }
  }

  /** The native descriptor. */
  public cudnnTensorDescriptor get() {
    return desc;
  }

  /** The dims {@code [n, c, h, w]}. */
  public int[] dims() {
    return dims.clone();
  }

  /** Destroys the native descriptor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyTensorDescriptor(desc);
    }
  }

  @Override
  public String toString() {
    return "TensorDesc" + Arrays.toString(dims);
  }
}
