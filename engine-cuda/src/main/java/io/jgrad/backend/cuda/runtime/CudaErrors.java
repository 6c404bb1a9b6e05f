package io.jgrad.backend.cuda.runtime;

import io.jgrad.backend.cuda.cudnn.CudnnStatus;
import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaError;

/**
 * Turns status codes into exceptions that say which jgrad op failed, in which library call, and
 * what the status means. JCuda's own exceptions stay disabled: they cannot name the jgrad op, and
 * JCudnn 11.7 would print cuDNN 9 status codes with cuDNN 8 names.
 */
public final class CudaErrors {
  /** {@code cudaErrorMemoryAllocation}. */
  static final int RUNTIME_OUT_OF_MEMORY = 2;

  /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
  static final int DRIVER_OUT_OF_MEMORY = 2;

  /** {@code CUBLAS_STATUS_ALLOC_FAILED}. */
  static final int CUBLAS_ALLOC_FAILED = 3;

  private CudaErrors() {}

  /**
   * Whether a cuDNN 9 status means an allocation failed: {@code
   * CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED} (4003) or {@code
   * CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED} (4004).
   */
  public static boolean isCudnnAllocationFailure(int status) {
    return status == 4003 || status == 4004;
  }

  /** Throws unless a CUDA runtime call returned {@code cudaSuccess}. */
  public static void runtime(int code, String what) {
    if (code != 0) {
      throw new CudaException(
          "cuda: "
              + what
              + " failed with "
              + safe(() -> cudaError.stringFor(code))
              + " ("
              + code
              + ")"
              + runtimeHint(code),
          code == RUNTIME_OUT_OF_MEMORY);
    }
  }

  /** Throws unless a CUDA driver call returned {@code CUDA_SUCCESS}. */
  public static void driver(int code, String what) {
    if (code != 0) {
      throw new CudaException(
          "cuda: "
              + what
              + " failed with "
              + safe(() -> CUresult.stringFor(code))
              + " ("
              + code
              + ")",
          code == DRIVER_OUT_OF_MEMORY);
    }
  }

  /** Throws unless a cuBLAS call returned {@code CUBLAS_STATUS_SUCCESS}. */
  public static void cublas(int status, String what) {
    if (status != 0) {
      throw new CudaException(
          "cublas: "
              + what
              + " failed with "
              + safe(() -> cublasStatus.stringFor(status))
              + " ("
              + status
              + ")",
          status == CUBLAS_ALLOC_FAILED);
    }
  }

  /** Throws unless a cuDNN call returned {@code CUDNN_STATUS_SUCCESS} (cuDNN 9 numbering). */
  public static void cudnn(int status, String what) {
    if (status != 0) {
      throw new CudaException(cudnnMessage(status, what), isCudnnAllocationFailure(status));
    }
  }

  /** The message of a failed cuDNN call (pure, for tests). */
  public static String cudnnMessage(int status, String what) {
    String hint = CudnnStatus.hint(status);
    return "cudnn: "
        + what
        + " failed with "
        + CudnnStatus.name(status)
        + " ("
        + status
        + ")"
        + (hint.isEmpty() ? "" : ": " + hint);
  }

  /** Throws unless an NVRTC call returned {@code NVRTC_SUCCESS}; {@code log} may be empty. */
  public static void nvrtc(int code, String what, String log) {
    if (code != 0) {
      String name = safe(() -> jcuda.nvrtc.JNvrtc.nvrtcGetErrorString(code));
      throw new CudaException(
          "nvrtc: "
              + what
              + " failed with "
              + name
              + " ("
              + code
              + ")"
              + (log == null || log.isBlank() ? "" : "\n" + log.strip()));
    }
  }

  private static String runtimeHint(int code) {
    if (code == cudaError.cudaErrorMemoryAllocation) {
      return ": the GPU is out of memory (lower -Djgrad.cuda.maxBytes or the batch size)";
    }
    if (code == cudaError.cudaErrorInsufficientDriver) {
      return ": the NVIDIA driver is older than the CUDA 12 runtime; update the driver";
    }
    return "";
  }

  private static String safe(java.util.function.Supplier<String> name) {
    try {
      String s = name.get();
      return s == null ? "an unknown status" : s;
    } catch (Throwable t) {
      return "an unknown status";
    }
  }
}
