package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cpu.CpuBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;

/**
 * The llm.c way of validating GPU kernels: the same float inputs go to the CPU backend and the CUDA
 * backend, and every output element must satisfy {@code |gpu - cpu| <= tol + |cpu| * eps}. Runs
 * only when {@link CudaTestSupport#gpuTestsEnabled()}; otherwise every test is reported as skipped
 * with the probe's reason.
 */
abstract class GpuKernelTestBase {
  /** The reference. */
  static final CpuBackend CPU = new CpuBackend();

  /** The backend under test, set once the GPU check passed. */
  static CudaBackend gpu;

  @BeforeEach
  void requireGpu() {
    CudaTestSupport.assumeGpu();
    if (gpu == null) {
      gpu = CudaTestSupport.backend();
    }
  }

  /** {@code n} floats uniform in {@code [lo, hi)}. */
  static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return x;
  }

  /** The same values on both backends: {@code [cpu, gpu]}. */
  static Storage[] both(float[] values) {
    return new Storage[] {CPU.memory().fromFloats(values), gpu.memory().fromFloats(values)};
  }

  /** The contents of any buffer. */
  static float[] values(Storage s) {
    return s.backend().memory().toFloats(s);
  }

  /** Asserts the GPU result matches the CPU result element by element. */
  static void assertMatches(String what, Storage cpu, Storage gpuResult, double tol, double eps) {
    assertMatches(what, values(cpu), values(gpuResult), tol, eps);
  }

  /** Asserts {@code |gpu - cpu| <= tol + |cpu| * eps} everywhere (NaN must match NaN). */
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
              "%s: %d of %d elements differ (tol %.2g + |cpu|*%.2g); first at %d: cpu %.9g,"
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

  /** Both backends, for loops. */
  static Backend[] backends() {
    return new Backend[] {CPU, gpu};
  }
}
