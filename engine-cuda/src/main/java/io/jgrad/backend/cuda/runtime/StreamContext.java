package io.jgrad.backend.cuda.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnHandle;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaStream_t;

/**
 * One thread's view of the GPU: a non-blocking stream, a cuBLAS and a cuDNN handle bound to it, a
 * pinned staging buffer for host transfers, and per-thread attachments (workspace, dropout state).
 * Every kernel a thread runs goes on its own stream, so threads never serialize on one queue and a
 * handle is never used by two threads at once. Confined to its thread.
 */
public final class StreamContext {
  private final cudaStream_t stream;
  private final CUstream cuStream;
  private final cublasHandle cublas;
  private final cudnnHandle cudnn;
  private final HostStaging staging = new HostStaging();
  private final Map<Object, Object> attachments = new HashMap<>();

  private StreamContext(cudaStream_t stream, cublasHandle cublas, cudnnHandle cudnn) {
    this.stream = stream;
    this.cuStream = new CUstream(stream);
    this.cublas = cublas;
    this.cudnn = cudnn;
  }

  static StreamContext create(CudaContext ctx) {
    ctx.makeCurrent();
    cudaStream_t s = new cudaStream_t();
    CudaErrors.runtime(
        JCuda.cudaStreamCreateWithFlags(s, JCuda.cudaStreamNonBlocking), "cudaStreamCreate");
    cublasHandle blas = null;
    if (NativePaths.gemm().path() == NativePaths.Gemm.CUBLAS) {
      blas = new cublasHandle();
      CudaErrors.cublas(JCublas2.cublasCreate(blas), "cublasCreate");
      CudaErrors.cublas(JCublas2.cublasSetStream(blas, s), "cublasSetStream");
    }
    cudnnHandle dnn = new cudnnHandle();
    CudaErrors.cudnn(JCudnn.cudnnCreate(dnn), "cudnnCreate");
    CudaErrors.cudnn(JCudnn.cudnnSetStream(dnn, s), "cudnnSetStream");
    return new StreamContext(s, blas, dnn);
  }

  /** The stream (runtime API type). */
  public cudaStream_t stream() {
    return stream;
  }

  /** The same stream as a driver API handle, for kernel launches. */
  public CUstream cuStream() {
    return cuStream;
  }

  /** The cuBLAS handle bound to this stream (only when matrix products use cuBLAS). */
  public cublasHandle cublas() {
    if (cublas == null) {
      throw new IllegalStateException("cuda: no cuBLAS handle: " + NativePaths.gemm().why());
    }
    return cublas;
  }

  /** The cuDNN handle bound to this stream. */
  public cudnnHandle cudnn() {
    return cudnn;
  }

  /** The pinned host buffer for transfers. */
  public HostStaging staging() {
    return staging;
  }

  /** A per-thread object stored under {@code key}, created by {@code factory} on first use. */
  public <T> T attachment(Object key, Class<T> type, Supplier<T> factory) {
    Object o = attachments.get(key);
    if (o == null) {
      o = factory.get();
      attachments.put(key, o);
    }
    return type.cast(o);
  }

  /**
   * Releases everything this thread's context holds: its attachments that are {@link AutoCloseable}
   * (workspace, dropout states, pinned rings), the cuDNN and cuBLAS handles, the pinned staging
   * buffer, and the stream (drained, then destroyed and marked retired, see {@link Streams}).
   * Called for a thread that has ended or when the backend closes, never while the owning thread
   * still uses it.
   */
  void release() {
    RuntimeException first = null;
    for (Object o : attachments.values()) {
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          first = first == null ? new IllegalStateException("cuda: releasing " + o, e) : first;
        }
      }
    }
    attachments.clear();
    int drained = JCuda.cudaStreamSynchronize(stream);
    JCudnn.cudnnDestroy(cudnn);
    if (cublas != null) {
      JCublas2.cublasDestroy(cublas);
    }
    try {
      Streams.retire(stream, "releasing a thread's stream");
      CudaErrors.runtime(drained, "releasing a thread's stream (cudaStreamSynchronize)");
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    staging.release();
    if (first != null) {
      throw first;
    }
  }

  /** Blocks until everything queued on this stream has run; {@code what} names the caller. */
  public void synchronize(String what) {
    CudaErrors.runtime(JCuda.cudaStreamSynchronize(stream), what + " (cudaStreamSynchronize)");
  }
}
