package io.jgrad.examples.mnist;

import io.jgrad.testing.SimdPath;
import org.junit.jupiter.api.Test;

/** This module's tests run the CPU path the documented commands run (see SimdPath). */
class SimdPathTest {
  @Test
  void testsRunTheConfiguredCpuPath() {
    SimdPath.assertAsConfigured();
  }
}
