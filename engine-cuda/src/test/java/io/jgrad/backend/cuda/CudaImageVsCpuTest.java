package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code rotate.cu} against the CPU backend on random batches (the kernel rounds exactly as the CPU
 * does, so nearest must match bit for bit and bilinear to the last float bit), and every "rotate"
 * conformance case on the GPU. Skipped with the probe's reason without a GPU.
 */
class CudaImageVsCpuTest extends GpuKernelTestBase {
  @Test
  void randomBatchesMatchCpu() {
    SplittableRandom rng = new SplittableRandom(17);
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + rng.nextInt(trial == 0 ? 300 : 6);
      int c = 1 + rng.nextInt(3);
      int h = 1 + rng.nextInt(40);
      int w = 1 + rng.nextInt(40);
      Shape shape = Shape.of(n, c, h, w);
      float[] x = uniform(rng, n * c * h * w, 0, 1);
      double[] deg = rng.doubles(n, -180, 180).toArray();
      double[] fill = trial % 3 == 0 ? null : new double[] {trial % 2};
      for (Interpolation interp : Interpolation.values()) {
        Storage[] in = both(x);
        assertMatches(
            "rotate " + interp + " " + shape,
            REF.image().rotate(in[0], shape, deg, interp, fill),
            dev.image().rotate(in[1], shape, deg, interp, fill),
            0,
            interp == Interpolation.NEAREST ? 0 : 1.2e-7);
      }
    }
  }

  @Test
  void conformanceCasesPassOnTheGpu() {
    int ran = 0;
    for (ConformanceCase c : ConformanceCase.forOps("rotate")) {
      JsonNode a = c.attrs();
      int[] s = c.input("input").shape();
      JsonNode f = a.get("fill");
      double[] fill = new double[f.size()];
      for (int i = 0; i < fill.length; i++) {
        fill[i] = (float) f.get(i).asDouble();
      }
      Interpolation interp =
          Interpolation.valueOf(a.get("interpolation").asText().toUpperCase(Locale.ROOT));
      Storage out =
          dev.image()
              .rotate(
                  dev.memory().fromFloats(c.input("input").floats()),
                  Shape.of(1, s[0], s[1], s[2]),
                  new double[] {a.get("angle").asDouble()},
                  interp,
                  fill);
      float[] actual = values(out);
      double[] expected = c.expected().get("output").data();
      for (JsonNode idx : a.path("ambiguous_indices")) {
        actual[idx.asInt()] = (float) expected[idx.asInt()];
      }
      new ConformanceChecker(c).put("output", s, actual).verify();
      ran++;
    }
    assertEquals(ConformanceCase.forOps("rotate").size(), ran);
  }
}
