package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.cudnn.CudnnConst;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcudnn.JCudnn;
import jcuda.nvrtc.JNvrtc;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;

/**
 * Decides once per JVM whether the CUDA backend can run, without ever throwing or crashing. The
 * steps go from cheapest to most demanding, each in its own {@code catch (Throwable)}, and the
 * first failing step becomes the reason: the forced-CPU switch, the platform, the runtime and
 * driver version, the device count, only then the driver API ({@code cuInit}), cuBLAS, cuDNN 9 and
 * NVRTC. Run {@code java -cp ... io.jgrad.backend.cuda.CudaProbe} to print the verdict.
 */
public final class CudaProbe {
  /** {@code -Djgrad.cuda.disable=true} forces the CPU even where a GPU is usable. */
  public static final String DISABLE_PROPERTY = "jgrad.cuda.disable";

  /** {@code JGRAD_DISABLE_CUDA=1} (or {@code true}) does the same from the environment. */
  public static final String DISABLE_ENV = "JGRAD_DISABLE_CUDA";

  private static final Pattern MISSING_LIBRARY =
      Pattern.compile("([^\\s/\\\\:]+): cannot open shared object file: ?([^\\n]*)");

  private static volatile Result cached;

  private CudaProbe() {}

  /**
   * The verdict of the probe.
   *
   * @param available whether the CUDA backend can be created
   * @param reason why not ({@code ""} when available)
   * @param deviceCount CUDA devices seen (0 when the probe stopped before counting)
   * @param driverVersion the driver's CUDA version as {@code 1000*major + 10*minor}, or 0
   */
  public record Result(boolean available, String reason, int deviceCount, int driverVersion) {}

  /** The cached verdict, probing on first use. */
  public static Result result() {
    Result r = cached;
    if (r == null) {
      synchronized (CudaProbe.class) {
        if (cached == null) {
          cached = run();
        }
        r = cached;
      }
    }
    return r;
  }

  private static Result run() {
    String disabled;
    try {
      disabled = disabledBy(System.getProperty(DISABLE_PROPERTY), System.getenv(DISABLE_ENV));
    } catch (Throwable t) {
      disabled = null;
    }
    if (disabled != null) {
      return new Result(false, "CUDA disabled by " + disabled, 0, 0);
    }
    String os = System.getProperty("os.name", "");
    String platform = platformProblem(os, System.getProperty("os.arch", ""));
    if (platform != null) {
      return new Result(false, platform, 0, 0);
    }
    boolean windows = os.toLowerCase(Locale.ROOT).contains("windows");
    ensureTempDir();
    int[] version = {0};
    String reason =
        attempt(
            "cannot load the JCuda runtime bindings",
            () -> {
              JCuda.setExceptionsEnabled(false);
              int rc = JCuda.cudaDriverGetVersion(version);
              if (rc != 0) {
                return "cudaDriverGetVersion failed with " + cudaError.stringFor(rc);
              }
              return driverProblem(version[0], windows);
            });
    if (reason != null) {
      return new Result(false, reason, 0, version[0]);
    }
    int[] count = {0};
    reason =
        attempt(
            "cannot count CUDA devices",
            () -> {
              int rc = JCuda.cudaGetDeviceCount(count);
              if (rc != 0) {
                return "cudaGetDeviceCount failed with "
                    + cudaError.stringFor(rc)
                    + ": "
                    + JCuda.cudaGetErrorString(rc);
              }
              return count[0] > 0 ? null : "no CUDA device found (cudaGetDeviceCount = 0)";
            });
    if (reason == null) {
      reason = laterSteps(windows);
    }
    return new Result(reason == null, reason == null ? "" : reason, count[0], version[0]);
  }

  /** Steps 5 to 8, run only once a device is known to exist. */
  private static String laterSteps(boolean windows) {
    String reason =
        attempt(
            "no CUDA driver found (" + (windows ? "nvcuda.dll" : "libcuda.so.1") + ")",
            () -> {
              JCudaDriver.setExceptionsEnabled(false);
              int rc = JCudaDriver.cuInit(0);
              return rc == 0 ? null : "cuInit failed with " + CUresult.stringFor(rc);
            });
    if (reason != null) {
      return reason;
    }
    reason =
        attempt(
            "cuBLAS for CUDA 12 not found ("
                + (windows ? "cublas64_12.dll" : "libcublas.so.12")
                + ")",
            () -> {
              JCublas2.setExceptionsEnabled(false);
              cublasHandle h = new cublasHandle();
              int rc = JCublas2.cublasCreate(h);
              if (rc != 0) {
                return "cublasCreate failed with status " + rc;
              }
              JCublas2.cublasDestroy(h);
              return null;
            });
    if (reason != null) {
      return reason;
    }
    reason =
        attempt(
            "cuDNN 9 not found (" + (windows ? "cudnn64_9.dll" : "libcudnn.so.9") + ")",
            () -> {
              JCudnn.setExceptionsEnabled(false);
              long v = JCudnn.cudnnGetVersion();
              return v >= CudnnConst.MIN_VERSION
                  ? null
                  : "cuDNN "
                      + v
                      + " found, jgrad needs cuDNN 9 ("
                      + CudnnConst.MIN_VERSION
                      + " or newer)";
            });
    if (reason != null) {
      return reason;
    }
    return attempt(
        "NVRTC for CUDA 12 not found (" + (windows ? "nvrtc64_120_0.dll" : "libnvrtc.so.12") + ")",
        () -> {
          JNvrtc.setExceptionsEnabled(false);
          int[] major = {0};
          int[] minor = {0};
          int rc = JNvrtc.nvrtcVersion(major, minor);
          return rc == 0 ? null : "nvrtcVersion failed with status " + rc;
        });
  }

  /** One probe step: returns null when it passed, else the reason. */
  private interface Step {
    String run() throws Throwable;
  }

  private static String attempt(String failure, Step step) {
    try {
      return step.run();
    } catch (Throwable t) {
      return failure + ": " + describe(t);
    }
  }

  /** Which switch forces the CPU, or null: {@code -Djgrad.cuda.disable} or the environment. */
  static String disabledBy(String property, String env) {
    if (property != null && Boolean.parseBoolean(property.trim())) {
      return "-D" + DISABLE_PROPERTY + "=" + property.trim();
    }
    if (env != null && (env.trim().equals("1") || env.trim().equalsIgnoreCase("true"))) {
      return DISABLE_ENV + "=" + env.trim();
    }
    return null;
  }

  /** Why the platform cannot run JCuda's natives, or null when it can. */
  static String platformProblem(String os, String arch) {
    String o = os.toLowerCase(Locale.ROOT);
    String a = arch.toLowerCase(Locale.ROOT);
    boolean osOk = o.contains("linux") || o.contains("windows");
    boolean archOk = a.equals("amd64") || a.equals("x86_64");
    if (osOk && archOk) {
      return null;
    }
    return "unsupported platform "
        + os
        + "/"
        + arch
        + ": jgrad's CUDA natives exist for linux-x86_64 and windows-x86_64";
  }

  /** Why a driver of CUDA version {@code version} is not enough, or null when it is. */
  static String driverProblem(int version, boolean windows) {
    if (version == 0) {
      return "no CUDA driver found ("
          + (windows ? "nvcuda.dll" : "libcuda.so.1")
          + "): cudaDriverGetVersion reports no driver; install an NVIDIA driver for CUDA 12+";
    }
    if (version < 12000) {
      return "the NVIDIA driver supports CUDA "
          + version / 1000
          + "."
          + version % 1000 / 10
          + ", jgrad needs CUDA 12.0 or newer; update the driver";
    }
    return null;
  }

  /** A one-line description of a failure, keeping the name of a missing shared library. */
  static String describe(Throwable t) {
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

  /** JCuda unpacks its natives into java.io.tmpdir, which must exist. */
  private static void ensureTempDir() {
    try {
      String tmp = System.getProperty("java.io.tmpdir");
      if (tmp != null && !tmp.isBlank()) {
        Files.createDirectories(Path.of(tmp));
      }
    } catch (Throwable ignored) {
      // Loading will fail and say so; the probe itself must not throw.
    }
  }

  /** Prints the verdict; exits 0 whatever it is (used by tests to probe in a child JVM). */
  public static void main(String[] args) {
    Result r = result();
    System.out.println("jgrad cuda available: " + r.available());
    System.out.println("reason: " + (r.available() ? "none" : r.reason()));
    System.out.println(
        "devices: " + r.deviceCount() + ", driver CUDA version: " + r.driverVersion());
  }
}
