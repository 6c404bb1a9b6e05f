package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import java.util.Arrays;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnFilterDescriptor;

/** A float32 convolution filter descriptor, layout OIHW ({@code [C_out, C_in/groups, kH, kW]}). */
public final class FilterDesc implements AutoCloseable {
  private final cudnnFilterDescriptor desc = new cudnnFilterDescriptor();
  private final int[] dims;
  private boolean closed;

  /** A descriptor of the filter dims {@code [k, c, h, w]}. */
  public FilterDesc(int[] dims) {
    if (dims.length != 4) {
      throw new IllegalArgumentException("cudnn: filter dims must be [K, C, H, W]");
    }
    CudnnShapes.nchwStrides(dims[0], dims[1], dims[2], dims[3]);
    this.dims = dims.clone();
    CudaErrors.cudnn(JCudnn.cudnnCreateFilterDescriptor(desc), "cudnnCreateFilterDescriptor");
    // Note the argument order: data type first, then format (unlike tensor descriptors).
    int rc =
        JCudnn.cudnnSetFilter4dDescriptor(
            desc,
            CudnnConst.DATA_FLOAT,
            CudnnConst.TENSOR_NCHW,
            dims[0],
            dims[1],
            dims[2],
            dims[3]);
    if (rc != 0) {
      close();
      CudaErrors.cudnn(rc, "cudnnSetFilter4dDescriptor " + Arrays.toString(dims));
    }
  }

  /** The native descriptor. */
  public cudnnFilterDescriptor get() {
    return desc;
  }

  /** Destroys the native descriptor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyFilterDescriptor(desc);
    }
  }

  @Override
  public String toString() {
    return "FilterDesc" + Arrays.toString(dims);
  }
}
