package io.jgrad.testing;

import org.junit.jupiter.api.Test;

/** engine-core's tests run the CPU path the documented commands run (see SimdPath). */
class SimdPathTest {
  @Test
  void testsRunTheConfiguredCpuPath() {
    SimdPath.assertAsConfigured();
  }
}
