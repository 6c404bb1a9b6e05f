package io.jgrad.backend.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Backends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the engine-cuda tests share: the per-fork temp directory JCuda unpacks its natives into
 * (created before anything loads them), and the switch for the GPU tests: they run when {@code
 * -Djgrad.test.cuda=true} or when a device is detected, and are skipped with the probe's reason
 * otherwise.
 */
final class CudaTestSupport {
  /** {@code -Djgrad.test.cuda=true} forces the GPU tests (they then fail without a GPU). */
  static final String FORCE_PROPERTY = "jgrad.test.cuda";

  static {
    ensureTempDir();
  }

  private CudaTestSupport() {}

  /** Creates {@code java.io.tmpdir} if missing. */
  static void ensureTempDir() {
    String tmp = System.getProperty("java.io.tmpdir");
    try {
      Files.createDirectories(Path.of(tmp));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create java.io.tmpdir " + tmp, e);
    }
  }

  /** Whether the GPU tests run (for {@code @EnabledIf}). */
  static boolean gpuTestsEnabled() {
    return Boolean.getBoolean(FORCE_PROPERTY) || CudaProbe.result().available();
  }

  /** Skips the calling test with a visible reason unless the GPU tests are enabled. */
  static void assumeGpu() {
    Assumptions.assumeTrue(
        gpuTestsEnabled(),
        () ->
            "GPU tests skipped: "
                + CudaProbe.result().reason()
                + " (run with -D"
                + FORCE_PROPERTY
                + "=true on a GPU machine to force them)");
  }

  /** The CUDA backend (call {@link #assumeGpu()} first). */
  static CudaBackend backend() {
    return (CudaBackend) Backends.get(Device.CUDA);
  }
}
