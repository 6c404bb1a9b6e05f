package io.jgrad.backend.cpu;

/**
 * Every test of {@link CpuNormReluVsReferenceTest} again on the plain-Java inner loops, the path a
 * JVM without the Vector API module takes.
 */
class CpuNormReluPlainVsReferenceTest extends CpuNormReluVsReferenceTest {
  @Override
  CpuBackend backend() {
    return new CpuBackend(Vectorization.plain());
  }
}
