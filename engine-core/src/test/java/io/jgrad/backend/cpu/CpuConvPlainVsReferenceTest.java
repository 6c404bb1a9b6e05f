package io.jgrad.backend.cpu;

/**
 * Every test of {@link CpuConvVsReferenceTest} again on the plain-Java inner loops, the path a JVM
 * without the Vector API module takes.
 */
class CpuConvPlainVsReferenceTest extends CpuConvVsReferenceTest {
  @Override
  CpuBackend backend() {
    return new CpuBackend(Vectorization.plain());
  }
}
