package io.jgrad.backend.cuda.runtime;

/** Test access to {@link NativePaths}' package-private decisions. */
public final class NativePathsAccess {
  private NativePathsAccess() {}

  public static NativePaths.Choice<NativePaths.Gemm> gemm(String forced, String cublas) {
    return NativePaths.chooseGemm(forced, cublas);
  }

  public static NativePaths.Choice<NativePaths.Kernels> kernels(
      String forced, String nvrtc, int driver, int ptx) {
    return NativePaths.chooseKernels(forced, nvrtc, driver, ptx);
  }

  public static String cublasStatus() {
    return NativePaths.cublasStatus();
  }

  public static String nvrtcStatus() {
    return NativePaths.nvrtcStatus();
  }
}
