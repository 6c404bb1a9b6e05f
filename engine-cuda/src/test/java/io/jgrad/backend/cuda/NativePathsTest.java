package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.runtime.NativePaths;
import io.jgrad.backend.cuda.runtime.NativePaths.Choice;
import io.jgrad.backend.cuda.runtime.NativePaths.Gemm;
import io.jgrad.backend.cuda.runtime.NativePaths.Kernels;
import io.jgrad.backend.cuda.runtime.NativePathsAccess;
import io.jgrad.backend.cuda.runtime.PtxImages;
import org.junit.jupiter.api.Test;

/**
 * Which path each library family takes, for every combination of what loads and what is forced,
 * without a GPU: cuBLAS or jgrad's GEMM kernel, NVRTC or the shipped PTX (refused on a driver older
 * than the nvcc that made it), and the reasons the probe prints. The GPU suite checks the numerics
 * of both fallbacks ({@code FallbackPathsGpuTest}).
 */
class NativePathsTest {
  private static final String MISSING_BLAS =
      "libcublas.so.12 not found: UnsatisfiedLinkError: libcublas.so.12: cannot open shared object"
          + " file: No such file or directory";
  private static final String MISSING_NVRTC = "libnvrtc.so.12 not found: UnsatisfiedLinkError";

  @Test
  void gemmUsesCublasWhenItLoadsElseTheKernelWithTheReason() {
    Choice<Gemm> blas = NativePathsAccess.gemm(null, "ok 12.6.4");
    assertEquals(Gemm.CUBLAS, blas.path());
    assertEquals("cuBLAS 12.6.4", blas.why());
    Choice<Gemm> kernel = NativePathsAccess.gemm("", MISSING_BLAS);
    assertEquals(Gemm.KERNEL, kernel.path());
    assertEquals(MISSING_BLAS, kernel.why());
    assertEquals("jgrad kernel gemm_f32 (" + MISSING_BLAS + ")", ProbeSteps.gemmLine(kernel));
    assertEquals("cuBLAS 12.6.4", ProbeSteps.gemmLine(blas));
  }

  @Test
  void gemmCanBeForcedEitherWay() {
    Choice<Gemm> k = NativePathsAccess.gemm("kernel", null);
    assertEquals(Gemm.KERNEL, k.path());
    assertTrue(k.why().contains("-Djgrad.cuda.gemm=kernel"), k.why());
    assertEquals(Gemm.CUBLAS, NativePathsAccess.gemm("CUBLAS", "ok 12.1.0").path());
    Choice<Gemm> missing = NativePathsAccess.gemm("cublas", MISSING_BLAS);
    assertFalse(missing.usable());
    assertTrue(missing.why().contains(MISSING_BLAS), missing.why());
    assertTrue(ProbeSteps.gemmLine(missing).startsWith("none ("), ProbeSteps.gemmLine(missing));
    Choice<Gemm> typo = NativePathsAccess.gemm("cudnn", "ok 12.6.4");
    assertFalse(typo.usable());
    assertTrue(typo.why().contains("auto, cublas, kernel"), typo.why());
  }

  @Test
  void kernelsUseNvrtcWhenItLoadsElseThePtxTheDriverCanRun() {
    Choice<Kernels> nvrtc = NativePathsAccess.kernels(null, "ok 12.6", 12020, 13000);
    assertEquals(Kernels.NVRTC, nvrtc.path());
    assertEquals("NVRTC 12.6", nvrtc.why());
    Choice<Kernels> ptx = NativePathsAccess.kernels(null, MISSING_NVRTC, 13000, 13000);
    assertEquals(Kernels.PTX, ptx.path());
    assertTrue(ptx.why().startsWith("ahead-of-time PTX " + PtxImages.ARCH), ptx.why());
    assertTrue(ptx.why().contains("nvcc 13.0"), ptx.why());
    assertTrue(ptx.why().contains(MISSING_NVRTC), ptx.why());
    Choice<Kernels> old = NativePathsAccess.kernels(null, MISSING_NVRTC, 12080, 13000);
    assertFalse(old.usable(), "a CUDA 12.8 driver cannot run PTX from CUDA 13.0");
    assertTrue(old.why().contains("CUDA 13.0") && old.why().contains("CUDA 12.8"), old.why());
  }

  @Test
  void kernelsCanBeForcedEitherWay() {
    Choice<Kernels> ptx = NativePathsAccess.kernels("ptx", null, 13010, 13000);
    assertEquals(Kernels.PTX, ptx.path());
    assertTrue(ptx.why().endsWith(", forced"), ptx.why());
    assertFalse(NativePathsAccess.kernels("ptx", "ok 12.6", 12060, 13000).usable());
    assertEquals(Kernels.NVRTC, NativePathsAccess.kernels("nvrtc", "ok 12.6", 12060, 13000).path());
    assertFalse(NativePathsAccess.kernels("nvrtc", MISSING_NVRTC, 13000, 13000).usable());
    assertFalse(NativePathsAccess.kernels("jit", "ok 12.6", 13000, 13000).usable());
  }

  @Test
  void libraryChecksNeverThrowAndNameTheLibrary() {
    String blas = NativePathsAccess.cublasStatus();
    assertTrue(
        blas.startsWith("ok ") || blas.contains("libcublas.so.12") || blas.contains("status"),
        blas);
    String nvrtc = NativePathsAccess.nvrtcStatus();
    assertTrue(
        nvrtc.startsWith("ok ") || nvrtc.contains("libnvrtc.so.12") || nvrtc.contains("status"),
        nvrtc);
    assertEquals("13.0", NativePaths.version(13000));
    assertEquals("12.8", NativePaths.version(12080));
  }

  @Test
  void deviceSelectionIsCheckedAgainstTheDeviceCount() {
    assertNull(CudaProbe.deviceProblem(null, 1));
    assertNull(CudaProbe.deviceProblem(" 1 ", 2));
    assertTrue(CudaProbe.deviceProblem("2", 2).contains("2 device(s) exist"));
    assertTrue(CudaProbe.deviceProblem("-1", 2).contains("-Djgrad.cuda.device=-1"));
    assertTrue(CudaProbe.deviceProblem("gpu1", 2).contains("is not a device number"));
  }
}
