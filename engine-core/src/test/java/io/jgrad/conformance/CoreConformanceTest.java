package io.jgrad.conformance;

import io.jgrad.Device;
import io.jgrad.testing.OpConformanceSuite;

/** The PyTorch conformance cases of every engine-core op on the CPU backend. */
class CoreConformanceTest extends OpConformanceSuite {
  @Override
  protected Device device() {
    return Device.CPU;
  }
}
