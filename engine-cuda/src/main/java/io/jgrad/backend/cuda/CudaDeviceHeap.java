package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Streams;
import jcuda.Pointer;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;
import jcuda.runtime.cudaStream_t;

/** {@link DeviceHeap} on the CUDA runtime: {@code cudaMalloc} and {@code cudaFree}. */
final class CudaDeviceHeap implements DeviceHeap {
  @Override
  public Pointer malloc(long bytes) {
    Pointer p = new Pointer();
    int rc = JCuda.cudaMalloc(p, bytes);
    if (rc == cudaError.cudaErrorMemoryAllocation) {
      JCuda.cudaGetLastError(); // clear the error so later calls do not report it
      return null;
    }
    CudaErrors.runtime(rc, "cudaMalloc(" + bytes + " bytes)");
    return p;
  }

  @Override
  public void free(Pointer p) {
    CudaErrors.runtime(JCuda.cudaFree(p), "cudaFree");
  }

  @Override
  public void synchronize(cudaStream_t stream) {
    Streams.await(
        stream, "handing a pooled block to another stream"); // retired: nothing to wait for
  }

  @Override
  public void synchronizeDevice() {
    CudaErrors.runtime(JCuda.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  }
}
