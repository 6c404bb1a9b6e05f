package io.jgrad.backend.cpu;

/**
 * Every test of {@link CpuNormVsReferenceTest} again on the plain-Java inner loops, the path a JVM
 * without the Vector API module takes.
 */
class CpuNormPlainVsReferenceTest extends CpuNormVsReferenceTest {
  @Override
  CpuBackend backend() {
    return new CpuBackend(Vectorization.plain());
  }
}
