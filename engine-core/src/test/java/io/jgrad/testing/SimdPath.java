package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.backend.cpu.Vectorization;

/**
 * Which CPU path a test JVM runs. Surefire starts every module's tests with the Vector API module,
 * as the documented commands start the program, so the SIMD path is the one under test; CI reruns
 * some suites with {@code -Djgrad.simd=off} for the plain path.
 */
public final class SimdPath {
  private SimdPath() {}

  /** Asserts the CPU backend runs SIMD, or plain Java when {@code -Djgrad.simd=off} asks for it. */
  public static void assertAsConfigured() {
    boolean off = System.getProperty("jgrad.simd", "auto").trim().equals("off");
    String path = Vectorization.describe();
    assertEquals(off ? "plain" : "simd", path.split(" ")[0], "CPU path of this test JVM: " + path);
  }
}
