package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.cudnn.CudnnConst;
import io.jgrad.backend.cuda.runtime.NativePaths;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcudnn.JCudnn;

/**
 * The probe's steps once a device is known to exist: the driver API on the selected device (no
 * context is created), cuDNN 9, and the library paths of {@link NativePaths}. Each step adds what
 * it learned to the details and returns null, or returns why CUDA cannot run.
 */
final class ProbeSteps {
  private ProbeSteps() {}

  static String laterSteps(int device, int driverVersion, boolean windows, List<String> details) {
    String reason =
        CudaProbe.attempt(
            "no CUDA driver found (" + (windows ? "nvcuda.dll" : "libcuda.so.1") + ")",
            () -> {
              JCudaDriver.setExceptionsEnabled(false);
              int rc = JCudaDriver.cuInit(0);
              if (rc != 0) {
                return "cuInit failed with " + CUresult.stringFor(rc);
              }
              return describeDevice(device, details);
            });
    if (reason != null) {
      return reason;
    }
    reason =
        CudaProbe.attempt(
            "cuDNN 9 not found (" + (windows ? "cudnn64_9.dll" : "libcudnn.so.9") + ")",
            () -> {
              JCudnn.setExceptionsEnabled(false);
              long v = JCudnn.cudnnGetVersion();
              if (v < CudnnConst.MIN_VERSION) {
                return "cuDNN "
                    + v
                    + " found, jgrad needs cuDNN 9 ("
                    + CudnnConst.MIN_VERSION
                    + " or newer)";
              }
              long rt = JCudnn.cudnnGetCudartVersion();
              details.add(
                  "cuDNN: "
                      + v / 10000
                      + "."
                      + v % 10000 / 100
                      + "."
                      + v % 100
                      + " (built for CUDA "
                      + NativePaths.version((int) rt)
                      + ")");
              details.add("convolution, pooling, batch norm, softmax, dropout: cuDNN");
              return null;
            });
    if (reason != null) {
      return reason;
    }
    NativePaths.Choice<NativePaths.Gemm> gemm = NativePaths.gemm();
    details.add("GEMM: " + gemmLine(gemm));
    if (!gemm.usable()) {
      return gemm.why();
    }
    NativePaths.Choice<NativePaths.Kernels> kernels = NativePaths.kernels(driverVersion);
    details.add("kernels: " + (kernels.usable() ? kernels.why() : "none (" + kernels.why() + ")"));
    return kernels.usable() ? null : kernels.why();
  }

  /** The probe's line for a GEMM decision. */
  static String gemmLine(NativePaths.Choice<NativePaths.Gemm> c) {
    if (c.path() == NativePaths.Gemm.CUBLAS) {
      return c.why();
    }
    return (c.usable() ? "jgrad kernel gemm_f32" : "none") + " (" + c.why() + ")";
  }

  private static String describeDevice(int device, List<String> details) {
    CUdevice dev = new CUdevice();
    int rc = JCudaDriver.cuDeviceGet(dev, device);
    if (rc != 0) {
      return "cuDeviceGet(" + device + ") failed with " + CUresult.stringFor(rc);
    }
    byte[] name = new byte[256];
    JCudaDriver.cuDeviceGetName(name, name.length, dev);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    int[] major = {0};
    int[] minor = {0};
    JCudaDriver.cuDeviceGetAttribute(
        major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
    JCudaDriver.cuDeviceGetAttribute(
        minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
    long[] bytes = {0};
    JCudaDriver.cuDeviceTotalMem(bytes, dev);
    details.add(
        "device: "
            + device
            + ", "
            + new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII)
            + ", sm_"
            + major[0]
            + minor[0]
            + ", "
            + bytes[0] / (1 << 20)
            + " MiB");
    return null;
  }
}
