package io.jgrad.benchmarks.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cpu.Parallel;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The ONNX Runtime comparison runs: one short in-process iteration per engine at batch 1 (its setup
 * also checks that both engines agree within 1e-4). No speed is asserted.
 */
class OnnxRuntimeBenchSmokeTest {
  @Test
  void bothEnginesRunOneIterationAndTheThreadCountIsRestored() throws RunnerException {
    int before = Parallel.threads();
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(OnnxRuntimeBench.class.getName() + ".batch1$")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100))
                    .param("model", "net7838")
                    .param("threads", "1")
                    .shouldFailOnError(true)
                    .build())
            .run();
    assertEquals(2, results.size(), "jgrad and ort");
    for (RunResult r : results) {
      double imagesPerSecond = r.getPrimaryResult().getScore();
      assertTrue(imagesPerSecond > 0, r.getParams().getParam("engine") + ": " + imagesPerSecond);
    }
    assertEquals(before, Parallel.threads(), "the benchmark must restore the pool size");
  }
}
