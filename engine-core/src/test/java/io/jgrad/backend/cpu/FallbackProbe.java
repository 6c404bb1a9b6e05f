package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.backend.reference.RefStorage;
import io.jgrad.testing.Tolerances;
import java.util.Random;

/**
 * Run in a separate JVM by {@link VectorizationFallbackTest}: prints which inner loops the default
 * CPU backend chose, then checks a convolution (forward and both gradients) against the reference
 * and prints {@code OK}.
 */
public final class FallbackProbe {
  private FallbackProbe() {}

  /** Prints {@code simd=<true|false>}, then {@code OK} when the kernels match the reference. */
  public static void main(String[] args) {
    CpuBackend cpu = new CpuBackend();
    RefBackend ref = new RefBackend();
    System.out.println("simd=" + cpu.ops().simd());
    Conv2dParams p = new Conv2dParams(5, 10, 13, 11, 15, 3, 3, 1, 1, 1, 0, 1, 1, 1);
    Random rnd = new Random(9);
    float[] x = CpuConvVsReferenceTest.uniform(rnd, p.inputSize());
    float[] w = CpuConvVsReferenceTest.uniform(rnd, p.weightSize());
    float[] gy = CpuConvVsReferenceTest.uniform(rnd, p.outputSize());
    Storage[] expected = {
      ref.conv()
          .forward(ref.wrap(Tolerances.toDoubles(x)), ref.wrap(Tolerances.toDoubles(w)), null, p),
      ref.conv()
          .backwardData(ref.wrap(Tolerances.toDoubles(gy)), ref.wrap(Tolerances.toDoubles(w)), p),
      ref.conv()
          .backwardWeight(ref.wrap(Tolerances.toDoubles(gy)), ref.wrap(Tolerances.toDoubles(x)), p)
    };
    Storage[] actual = {
      cpu.conv().forward(cpu.wrap(x), cpu.wrap(w), null, p),
      cpu.conv().backwardData(cpu.wrap(gy), cpu.wrap(w), p),
      cpu.conv().backwardWeight(cpu.wrap(gy), cpu.wrap(x), p)
    };
    for (int i = 0; i < expected.length; i++) {
      Tolerances.assertClose(
          "result " + i, RefStorage.data(expected[i]), CpuStorage.data(actual[i]), 1e-4, 1e-4);
    }
    System.out.println("OK");
  }
}
