package io.jgrad.backend.cuda.cudnn;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationDescriptor;

/** A ReLU activation descriptor that propagates NaN (relu(NaN) = NaN, as in PyTorch). */
public final class ActivationDesc implements AutoCloseable {
  private final cudnnActivationDescriptor desc = new cudnnActivationDescriptor();
  private boolean closed;

  /** A ReLU descriptor. */
  public ActivationDesc() {
    CudaErrors.cudnn(
        JCudnn.cudnnCreateActivationDescriptor(desc), "cudnnCreateActivationDescriptor");
    int rc =
        JCudnn.cudnnSetActivationDescriptor(
            desc, CudnnConst.ACTIVATION_RELU, CudnnConst.PROPAGATE_NAN, 0.0);
    if (rc != 0) {
      close();
      CudaErrors.cudnn(rc, "cudnnSetActivationDescriptor(RELU)");
    }
  }

  /** The native descriptor. */
  public cudnnActivationDescriptor get() {
    return desc;
  }

  /** Destroys the native descriptor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      JCudnn.cudnnDestroyActivationDescriptor(desc);
    }
  }
}
