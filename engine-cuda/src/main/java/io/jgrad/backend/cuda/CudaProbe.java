package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.runtime.NativePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;

/**
 * Decides once per JVM whether the CUDA backend can run, without ever throwing or crashing. The
 * steps go from cheapest to most demanding, each in its own {@code catch (Throwable)}, and the
 * first failing step becomes the reason: the forced-CPU switch, the platform, the runtime and
 * driver version, the device count and the device selected by {@code -Djgrad.cuda.device}, only
 * then the driver API on that device ({@code cuInit}, name and compute capability), cuDNN 9, and
 * the paths of matrix products (cuBLAS or jgrad's kernel) and of jgrad's kernels (NVRTC or the
 * shipped PTX), see {@link NativePaths}. No step creates a context on any device. Run {@code java
 * -cp ... io.jgrad.backend.cuda.CudaProbe} to print the verdict and the details.
 */
public final class CudaProbe {
  /** {@code -Djgrad.cuda.disable=true} forces the CPU even where a GPU is usable. */
  public static final String DISABLE_PROPERTY = "jgrad.cuda.disable";

  /** {@code JGRAD_DISABLE_CUDA=1} (or {@code true}) does the same from the environment. */
  public static final String DISABLE_ENV = "JGRAD_DISABLE_CUDA";

  private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+(\\S+)");

  private static volatile Result cached;

  private CudaProbe() {}

  /**
   * The verdict of the probe.
   *
   * @param available whether the CUDA backend can be created
   * @param reason why not ({@code ""} when available)
   * @param deviceCount CUDA devices seen (0 when the probe stopped before counting)
   * @param driverVersion the driver's CUDA version as {@code 1000*major + 10*minor}, or 0
   * @param device the GPU selected by {@code -Djgrad.cuda.device} (default 0), or -1
   * @param details what the probe learned, one {@code "topic: value"} line each: driver, device,
   *     cuDNN, and which path each library family takes and why
   */
  public record Result(
      boolean available,
      String reason,
      int deviceCount,
      int driverVersion,
      int device,
      List<String> details) {
    /** Defensive copy. */
    public Result {
      details = List.copyOf(details);
    }
  }

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
      return new Result(false, "CUDA disabled by " + disabled, 0, 0, -1, List.of());
    }
    String os = System.getProperty("os.name", "");
    String platform = platformProblem(os, System.getProperty("os.arch", ""));
    if (platform != null) {
      return new Result(false, platform, 0, 0, -1, List.of());
    }
    boolean windows = os.toLowerCase(Locale.ROOT).contains("windows");
    ensureTempDir();
    List<String> details = new ArrayList<>();
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
    if (version[0] > 0) {
      details.add("driver: " + displayDriver() + "CUDA " + NativePaths.version(version[0]));
    }
    if (reason != null) {
      return new Result(false, reason, 0, version[0], -1, details);
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
    int device = -1;
    if (reason == null) {
      String prop = System.getProperty(CudaBackendProvider.DEVICE_PROPERTY);
      reason = deviceProblem(prop, count[0]);
      device = reason == null ? selectedDevice(prop) : -1;
    }
    if (reason == null) {
      reason = ProbeSteps.laterSteps(device, version[0], windows, details);
    }
    return new Result(
        reason == null, reason == null ? "" : reason, count[0], version[0], device, details);
  }

  /** Why {@code -Djgrad.cuda.device=prop} cannot be used with {@code count} devices, or null. */
  static String deviceProblem(String prop, int count) {
    int d;
    try {
      d = selectedDevice(prop);
    } catch (NumberFormatException e) {
      return "-D" + CudaBackendProvider.DEVICE_PROPERTY + "=" + prop + " is not a device number";
    }
    if (d < 0 || d >= count) {
      return "-D"
          + CudaBackendProvider.DEVICE_PROPERTY
          + "="
          + d
          + " but "
          + count
          + " device(s) exist (0 to "
          + (count - 1)
          + ")";
    }
    return null;
  }

  private static int selectedDevice(String prop) {
    return prop == null || prop.isBlank() ? 0 : Integer.parseInt(prop.trim());
  }

  /** The kernel module version from {@code /proc/driver/nvidia/version} plus a space, or "". */
  private static String displayDriver() {
    try {
      Path p = Path.of("/proc/driver/nvidia/version");
      if (Files.isReadable(p)) {
        Matcher m = KERNEL_MODULE.matcher(Files.readString(p));
        if (m.find()) {
          return m.group(1) + ", ";
        }
      }
    } catch (Throwable ignored) {
      // The version string is informative only.
    }
    return "";
  }

  /** One probe step: returns null when it passed, else the reason. */
  interface Step {
    String run() throws Throwable;
  }

  static String attempt(String failure, Step step) {
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
    return NativePaths.describe(t);
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
    for (String line : r.details()) {
      System.out.println(line);
    }
  }
}
