package io.jgrad.conformance;

import io.jgrad.Device;
import io.jgrad.testing.OpConformanceSuite;

/**
 * The PyTorch conformance cases of every engine-core op on the float64 reference backend, the
 * oracle the gradient checks and the fast kernels rely on.
 */
class ReferenceConformanceTest extends OpConformanceSuite {
  @Override
  protected Device device() {
    return Device.REFERENCE;
  }
}
