package io.jgrad.nn;

import io.jgrad.Device;
import io.jgrad.backend.BackendProvider;
import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Assumptions;

/**
 * Cases that also run on CUDA: skipped with the probe's reason when no GPU is usable, forced with
 * {@code -Djgrad.test.cuda=true} (as engine-cuda's GPU tests), so a GPU machine whose detection
 * broke fails instead of silently skipping.
 */
public final class GpuAssumption {
  private GpuAssumption() {}

  /** Returns at once for any device but CUDA; for CUDA, skips the test when no GPU is usable. */
  public static void assumeAvailable(Device device) {
    if (!device.equals(Device.CUDA) || Boolean.getBoolean("jgrad.test.cuda")) {
      return;
    }
    Assumptions.assumeTrue(
        Backends.isAvailable(Device.CUDA), () -> "GPU tests skipped: " + reason());
  }

  private static String reason() {
    for (BackendProvider p : Backends.providers()) {
      if (p.name().equals(Device.CUDA.type())) {
        return p.unavailableReason();
      }
    }
    return "no CUDA backend on the class path";
  }
}
