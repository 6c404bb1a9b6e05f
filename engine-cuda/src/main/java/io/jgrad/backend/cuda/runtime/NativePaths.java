package io.jgrad.backend.cuda.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.jcublas.JCublas2;
import jcuda.nvrtc.JNvrtc;

/**
 * Which library serves the two families that have a fallback, and why. Matrix products use cuBLAS
 * when {@code libcublas.so.12} loads, else jgrad's own tiled kernel ({@code gemm.cu}). jgrad's own
 * kernels are compiled by NVRTC when {@code libnvrtc.so.12} loads, else they come from the PTX
 * compiled ahead of time with nvcc ({@link PtxImages}), which the driver compiles on load. Both
 * choices can be forced ({@code -Djgrad.cuda.gemm=cublas|kernel}, {@code
 * -Djgrad.cuda.kernels=nvrtc|ptx}), so a machine with every library can run each fallback. Decided
 * once per JVM; checking a library only loads it, it creates no context on any device.
 */
public final class NativePaths {
  /** {@code -Djgrad.cuda.gemm=auto|cublas|kernel}. */
  public static final String GEMM_PROPERTY = "jgrad.cuda.gemm";

  /** {@code -Djgrad.cuda.kernels=auto|nvrtc|ptx}. */
  public static final String KERNELS_PROPERTY = "jgrad.cuda.kernels";

  private static final Pattern MISSING_LIBRARY =
      Pattern.compile("([^\\s/\\\\:]+): cannot open shared object file: ?([^\\n]*)");

  private static volatile Choice<Gemm> gemm;
  private static volatile Choice<Kernels> kernels;

  private NativePaths() {}

  /** Where matrix products run. */
  public enum Gemm {
    /** {@code cublasSgemm}. */
    CUBLAS,
    /** jgrad's {@code gemm_f32} kernel. */
    KERNEL
  }

  /** Where jgrad's own kernels come from. */
  public enum Kernels {
    /** Compiled at run time by NVRTC for the exact GPU. */
    NVRTC,
    /** The PTX shipped in the jar, compiled by the driver on load. */
    PTX
  }

  /**
   * A decision.
   *
   * @param path the path taken, or null when none can run
   * @param why a short human reason (the library version, or what failed to load)
   */
  public record Choice<T>(T path, String why) {
    /** Whether some path can run. */
    public boolean usable() {
      return path != null;
    }
  }

  /** The GEMM path of this JVM (checks cuBLAS on first use). */
  public static Choice<Gemm> gemm() {
    Choice<Gemm> c = gemm;
    if (c == null) {
      synchronized (NativePaths.class) {
        if (gemm == null) {
          String forced = System.getProperty(GEMM_PROPERTY);
          gemm = chooseGemm(forced, "kernel".equals(norm(forced)) ? null : cublasStatus());
        }
        c = gemm;
      }
    }
    return c;
  }

  /** The kernel path of this JVM for a driver of CUDA version {@code driverVersion}. */
  public static Choice<Kernels> kernels(int driverVersion) {
    Choice<Kernels> c = kernels;
    if (c == null) {
      synchronized (NativePaths.class) {
        if (kernels == null) {
          String forced = System.getProperty(KERNELS_PROPERTY);
          String nvrtc = "ptx".equals(norm(forced)) ? null : nvrtcStatus();
          kernels = chooseKernels(forced, nvrtc, driverVersion, PtxImages.toolkitVersion());
        }
        c = kernels;
      }
    }
    return c;
  }

  /** The kernel path already decided (by the probe), for code that runs after it. */
  public static Choice<Kernels> kernels() {
    Choice<Kernels> c = kernels;
    if (c == null) {
      throw new IllegalStateException("cuda: the kernel path is decided by CudaProbe first");
    }
    return c;
  }

  /**
   * The GEMM decision. {@code cublas} is {@code "ok <version>"} when cuBLAS loaded, the failure
   * otherwise, or null when it was not checked (forced to the kernel).
   */
  static Choice<Gemm> chooseGemm(String forced, String cublas) {
    String f = norm(forced);
    boolean loaded = cublas != null && cublas.startsWith("ok ");
    switch (f) {
      case "kernel":
        return new Choice<>(Gemm.KERNEL, "forced by -D" + GEMM_PROPERTY + "=" + forced.trim());
      case "cublas":
        return loaded
            ? new Choice<>(Gemm.CUBLAS, "cuBLAS " + cublas.substring(3) + ", forced")
            : new Choice<>(null, "-D" + GEMM_PROPERTY + "=cublas but " + cublas);
      case "auto":
        return loaded
            ? new Choice<>(Gemm.CUBLAS, "cuBLAS " + cublas.substring(3))
            : new Choice<>(Gemm.KERNEL, cublas);
      default:
        return new Choice<>(
            null, "-D" + GEMM_PROPERTY + "=" + forced + " is not one of auto, cublas, kernel");
    }
  }

  /**
   * The kernel decision. {@code nvrtc} is {@code "ok <version>"} when NVRTC loaded, the failure
   * otherwise, or null when not checked. The shipped PTX needs a driver for CUDA {@code ptxToolkit}
   * or newer (a driver cannot compile PTX from a newer toolkit).
   */
  static Choice<Kernels> chooseKernels(
      String forced, String nvrtc, int driverVersion, int ptxToolkit) {
    String f = norm(forced);
    boolean loaded = nvrtc != null && nvrtc.startsWith("ok ");
    String ptxProblem =
        driverVersion >= ptxToolkit
            ? null
            : "the shipped PTX comes from CUDA "
                + version(ptxToolkit)
                + " and the driver supports only CUDA "
                + version(driverVersion)
                + "; update the driver or install NVRTC for CUDA 12 (libnvrtc.so.12)";
    String ptxWhy = "ahead-of-time PTX " + PtxImages.ARCH + " from nvcc " + version(ptxToolkit);
    switch (f) {
      case "ptx":
        return new Choice<>(
            ptxProblem == null ? Kernels.PTX : null,
            ptxProblem == null ? ptxWhy + ", forced" : ptxProblem);
      case "nvrtc":
        return loaded
            ? new Choice<>(Kernels.NVRTC, "NVRTC " + nvrtc.substring(3) + ", forced")
            : new Choice<>(null, "-D" + KERNELS_PROPERTY + "=nvrtc but " + nvrtc);
      case "auto":
        if (loaded) {
          return new Choice<>(Kernels.NVRTC, "NVRTC " + nvrtc.substring(3));
        }
        return ptxProblem == null
            ? new Choice<>(Kernels.PTX, ptxWhy + " (" + nvrtc + ")")
            : new Choice<>(null, nvrtc + ", and " + ptxProblem);
      default:
        return new Choice<>(
            null, "-D" + KERNELS_PROPERTY + "=" + forced + " is not one of auto, nvrtc, ptx");
    }
  }

  /** {@code "ok 12.6.4"} when cuBLAS loads, else why not. */
  static String cublasStatus() {
    try {
      JCublas2.setExceptionsEnabled(false);
      int[] v = new int[3];
      for (int i = 0; i < 3; i++) {
        int[] one = {0};
        int rc = JCublas2.cublasGetProperty(i, one);
        if (rc != 0) {
          return "cublasGetProperty failed with status " + rc;
        }
        v[i] = one[0];
      }
      return "ok " + v[0] + "." + v[1] + "." + v[2];
    } catch (Throwable t) {
      return "libcublas.so.12 not found: " + describe(t);
    }
  }

  /** {@code "ok 12.6"} when NVRTC loads, else why not. */
  static String nvrtcStatus() {
    try {
      JNvrtc.setExceptionsEnabled(false);
      int[] major = {0};
      int[] minor = {0};
      int rc = JNvrtc.nvrtcVersion(major, minor);
      return rc == 0 ? "ok " + major[0] + "." + minor[0] : "nvrtcVersion failed with status " + rc;
    } catch (Throwable t) {
      return "libnvrtc.so.12 not found: " + describe(t);
    }
  }

  /** {@code 13000} as {@code "13.0"}. */
  public static String version(int cudaVersion) {
    return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
  }

  private static String norm(String forced) {
    return forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
  }

  /** A one-line description of a failure, keeping the name of a missing shared library. */
  public static String describe(Throwable t) {
    String msg = String.valueOf(t.getMessage());
    Matcher m = MISSING_LIBRARY.matcher(msg);
    String detail;
    if (m.find()) {
      detail = m.group(1) + ": cannot open shared object file: " + m.group(2).strip();
    } else {
      int nl = msg.indexOf('\n');
      detail = (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }
    if (detail.length() > 300) {
      detail = detail.substring(0, 300) + "...";
    }
    return t.getClass().getSimpleName() + ": " + detail;
  }
}
