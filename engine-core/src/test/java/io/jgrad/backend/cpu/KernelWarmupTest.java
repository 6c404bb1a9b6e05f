package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up's calls are valid for both {@link VectorOps} implementations: every index it
 * uses stays inside its arrays whatever the vector width (the SIMD one runs it when it loads).
 */
class KernelWarmupTest {
  @Test
  void runsOnEveryImplementation() {
    List<VectorOps> all = new ArrayList<>(List.of(Vectorization.plain()));
    if (Vectorization.panama() != null) {
      all.add(Vectorization.panama());
    }
    for (VectorOps ops : all) {
      assertDoesNotThrow(() -> KernelWarmup.run(ops), "simd=" + ops.simd());
    }
    assertTrue(all.size() >= 1);
  }
}
