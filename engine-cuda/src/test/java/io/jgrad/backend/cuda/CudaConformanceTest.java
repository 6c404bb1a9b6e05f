package io.jgrad.backend.cuda;

import io.jgrad.Device;
import io.jgrad.testing.OpConformanceSuite;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The PyTorch conformance cases of every engine-core op, run on the CUDA backend. Enabled when a
 * device is detected or {@code -Djgrad.test.cuda=true}; see {@link CudaProbe} for why not.
 */
@EnabledIf(
    value = "io.jgrad.backend.cuda.CudaTestSupport#gpuTestsEnabled",
    disabledReason =
        "no usable CUDA device (run java io.jgrad.backend.cuda.CudaProbe for the reason;"
            + " -Djgrad.test.cuda=true forces these tests)")
class CudaConformanceTest extends OpConformanceSuite {
  @Override
  protected Device device() {
    return Device.CUDA;
  }
}
