package io.jgrad.backend.cuda.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/**
 * Compiles a kernel source at run time with NVRTC. When NVRTC knows the GPU's architecture the
 * result is a CUBIN for exactly that {@code sm_XY} (no JIT, no dependence on the driver's PTX
 * version); for a GPU newer than NVRTC it is PTX for the newest virtual architecture NVRTC has,
 * which the driver compiles on load.
 */
public final class Nvrtc {
  private Nvrtc() {}

  /**
   * A compiled module image.
   *
   * @param data CUBIN bytes, or NUL-terminated PTX text
   * @param target the architecture option used, e.g. {@code sm_86} or {@code compute_90}
   */
  public record Image(byte[] data, String target) {
    /** Whether the image is a CUBIN (else PTX). */
    public boolean cubin() {
      return target.startsWith("sm_");
    }
  }

  /** Compiles {@code source} (named {@code file} in messages) for compute capability X.Y. */
  public static Image compile(String file, String source, int major, int minor) {
    int[] count = {0};
    CudaErrors.nvrtc(JNvrtc.nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs", "");
    int[] archs = new int[count[0]];
    CudaErrors.nvrtc(JNvrtc.nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs", "");
    String target = chooseTarget(archs, major, minor);
    nvrtcProgram prog = new nvrtcProgram();
    CudaErrors.nvrtc(
        JNvrtc.nvrtcCreateProgram(prog, source, file, 0, null, null),
        "creating program " + file,
        "");
    try {
      String[] options = {"--gpu-architecture=" + target, "--std=c++14"};
      int rc = JNvrtc.nvrtcCompileProgram(prog, options.length, options);
      String[] log = {""};
      JNvrtc.nvrtcGetProgramLog(prog, log);
      CudaErrors.nvrtc(rc, "compiling kernel source " + file + " for " + target, log[0]);
      if (target.startsWith("sm_")) {
        long[] size = {0};
        CudaErrors.nvrtc(JNvrtc.nvrtcGetCUBINSize(prog, size), "nvrtcGetCUBINSize", "");
        byte[] cubin = new byte[(int) size[0]];
        CudaErrors.nvrtc(JNvrtc.nvrtcGetCUBIN(prog, cubin), "nvrtcGetCUBIN", "");
        return new Image(cubin, target);
      }
      String[] ptx = {null};
      CudaErrors.nvrtc(JNvrtc.nvrtcGetPTX(prog, ptx), "nvrtcGetPTX", "");
      return new Image((ptx[0] + '\0').getBytes(StandardCharsets.US_ASCII), target);
    } finally {
      JNvrtc.nvrtcDestroyProgram(prog);
    }
  }

  /**
   * {@code sm_XY} when NVRTC supports the GPU's architecture, else {@code compute_AB} for the
   * newest supported architecture below it.
   *
   * @param supported NVRTC's architectures as {@code 10*major + minor}
   */
  public static String chooseTarget(int[] supported, int major, int minor) {
    int want = 10 * major + minor;
    int best = -1;
    for (int a : supported) {
      if (a == want) {
        return "sm_" + want;
      }
      if (a < want && a > best) {
        best = a;
      }
    }
    if (best < 0) {
      throw new CudaException(
          "nvrtc: the GPU's architecture sm_"
              + want
              + " is older than every architecture this"
              + " NVRTC supports "
              + Arrays.toString(supported));
    }
    return "compute_" + best;
  }
}
