package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cpu.CpuBackend;
import io.jgrad.backend.reference.RefBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The llm.c way of validating GPU kernels: the same float inputs go to the float64 reference
 * backend and the CUDA backend, and every output element must satisfy {@code |gpu - ref| <= tol +
 * |ref| * eps}; kernels that reduce use the tolerance the CPU fuzz tests justify ({@link
 * #assertClose}). Runs only when {@link CudaTestSupport#gpuTestsEnabled()}; otherwise every test is
 * reported as skipped with the probe's reason.
 *
 * <p>{@code -Djgrad.test.cuda.standIn=cpu} runs the device-independent tests with the fast CPU
 * backend in the GPU's place, on any machine: a check of the tests and their tolerances against the
 * reference, not of CUDA (CUDA-only tests skip).
 */
abstract class GpuKernelTestBase {
  /** The oracle: every kernel in float64 with the plainest loops. */
  static final RefBackend REF = new RefBackend();

  /** The fast CPU backend, for tests that compare with it rather than with {@link #REF}. */
  static final CpuBackend CPU = new CpuBackend();

  /** The device under test: the CUDA backend, or the CPU stand-in; set once the check passed. */
  static Backend dev;

  /** The CUDA backend (null with the CPU stand-in; CUDA-only tests use {@link #cuda()}). */
  static CudaBackend gpu;

  @BeforeEach
  void requireGpu() {
    if ("cpu".equals(System.getProperty("jgrad.test.cuda.standIn"))) {
      if (dev == null) {
        dev = new CpuBackend();
      }
      return;
    }
    CudaTestSupport.assumeGpu();
    if (gpu == null) {
      gpu = CudaTestSupport.backend();
      dev = gpu;
    }
  }

  /** The CUDA backend itself, for tests of CUDA-only behaviour (skipped with a stand-in). */
  static CudaBackend cuda() {
    Assumptions.assumeTrue(gpu != null, "needs the CUDA backend, not the stand-in " + dev);
    return gpu;
  }

  /**
   * Asserts the fuzz tests' bound {@code |gpu - ref| <= 1e-5 * max(scale, max|ref|) + 1e-6 + 1e-4
   * |ref|}, where {@code scale} bounds the rounding of the longest sum behind one output ({@code
   * sqrt(K)} times its term size, see engine-core's {@code KernelFuzzTest}).
   */
  static void assertClose(String what, Storage ref, Storage gpuResult, double scale) {
    float[] r = values(ref);
    assertMatches(what, r, values(gpuResult), 1e-5 * Math.max(scale, maxAbs(r)) + 1e-6, 1e-4);
  }

  /** {@code n} floats uniform in {@code [lo, hi)}. */
  static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return x;
  }

  /** The same values on both backends: {@code [ref, gpu]}. */
  static Storage[] both(float[] values) {
    return new Storage[] {REF.memory().fromFloats(values), dev.memory().fromFloats(values)};
  }

  /** The same values on the fast CPU backend and the device: {@code [cpu, gpu]}. */
  static Storage[] cpuAndDevice(float[] values) {
    return new Storage[] {CPU.memory().fromFloats(values), dev.memory().fromFloats(values)};
  }

  /** The contents of any buffer. */
  static float[] values(Storage s) {
    return s.backend().memory().toFloats(s);
  }

  /** Asserts the GPU result matches the CPU result element by element. */
  static void assertMatches(String what, Storage cpu, Storage gpuResult, double tol, double eps) {
    assertMatches(what, values(cpu), values(gpuResult), tol, eps);
  }

  /** Asserts {@code |gpu - ref| <= tol + |ref| * eps} everywhere (NaN must match NaN). */
  static void assertMatches(String what, float[] cpu, float[] gpuValues, double tol, double eps) {
    assertEquals(cpu.length, gpuValues.length, what + ": element count");
    int bad = 0;
    int first = -1;
    double worst = 0;
    for (int i = 0; i < cpu.length; i++) {
      double ref = cpu[i];
      double got = gpuValues[i];
      if (Double.isNaN(ref) && Double.isNaN(got)) {
        continue;
      }
      double err = Math.abs(got - ref);
      if (!(err <= tol + Math.abs(ref) * eps)) {
        bad++;
        if (first < 0) {
          first = i;
        }
        worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
      }
    }
    if (bad > 0) {
      fail(
          String.format(
              "%s: %d of %d elements differ (tol %.2g + |ref|*%.2g); first at %d: ref %.9g,"
                  + " gpu %.9g; worst error %.3g",
              what, bad, cpu.length, tol, eps, first, cpu[first], gpuValues[first], worst));
    }
  }

  /** The largest absolute value, to scale an absolute tolerance. */
  static double maxAbs(float[] x) {
    double m = 0;
    for (float v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Both backends, for loops: {@code [ref, gpu]}. */
  static Backend[] backends() {
    return new Backend[] {REF, dev};
  }
}
