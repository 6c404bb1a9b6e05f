package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.KernelLibrary;
import io.jgrad.backend.cuda.runtime.NativePaths;
import io.jgrad.backend.cuda.runtime.PtxImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fallbacks on a GPU, whatever path this JVM chose: jgrad's {@code gemm_f32} kernel against the
 * CPU for every transpose pair and for shapes that do and do not fill its 64 x 64 tiles, and every
 * launched kernel loaded from the shipped PTX through the driver (the driver compiles it for this
 * GPU). {@code gpu-check.sh} also runs the whole GPU suite with both fallbacks forced.
 */
class FallbackPathsGpuTest extends GpuKernelTestBase {
  @Test
  void gemmKernelMatchesCpuForAllTransposes() {
    SplittableRandom rng = new SplittableRandom(15);
    int[][] sizes = {
      {1, 1, 1}, {3, 5, 7}, {64, 64, 64}, {65, 17, 129}, {64, 784, 10}, {128, 300, 70}, {33, 1, 65}
    };
    CudaBlas blas = (CudaBlas) gpu.blas();
    for (int[] s : sizes) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          Storage[] a = cpuAndDevice(uniform(rng, s[0] * s[1], -1, 1));
          Storage[] b = cpuAndDevice(uniform(rng, s[1] * s[2], -1, 1));
          assertMatches(
              "gemm_f32 " + Arrays.toString(s) + " ta=" + ta + " tb=" + tb,
              CPU.blas().matmul(a[0], b[0], s[0], s[1], s[2], ta, tb),
              blas.matmul(a[1], b[1], s[0], s[1], s[2], ta, tb, true),
              2e-6 * Math.sqrt(s[1]) + 1e-6,
              1e-5);
        }
      }
    }
  }

  @Test
  void everyLaunchedKernelLoadsFromTheShippedPtx() throws Exception {
    int driver = CudaProbe.result().driverVersion();
    Assumptions.assumeTrue(
        driver >= PtxImages.toolkitVersion(),
        () ->
            "the driver supports CUDA "
                + NativePaths.version(driver)
                + ", older than the PTX's CUDA "
                + NativePaths.version(PtxImages.toolkitVersion()));
    KernelLibrary ptx = new KernelLibrary(gpu.context(), NativePaths.Kernels.PTX);
    for (Map.Entry<String, TreeSet<String>> e :
        LaunchSites.scan(Path.of("src/main/java")).entrySet()) {
      for (String kernel : e.getValue()) {
        assertNotNull(ptx.function(e.getKey(), kernel), e.getKey() + "#" + kernel);
      }
    }
  }
}
