package io.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.backend.Backends;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.e2e.InferenceBench;
import io.jgrad.benchmarks.e2e.TrainStepBench;
import io.jgrad.benchmarks.kernels.ConvBench;
import io.jgrad.benchmarks.kernels.PeakBench;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.examples.mnist.models.Models;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI's check that the benchmarks compile and run: one tiny in-process JMH iteration of a kernel
 * benchmark and of the end-to-end training step. Nothing here asserts a speed; a result only has to
 * exist and be positive.
 */
class BenchmarkSmokeTest {
  private static Collection<RunResult> runOnce(String include, String... params)
      throws RunnerException {
    OptionsBuilder b = new OptionsBuilder();
    b.include(include)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true);
    for (int i = 0; i < params.length; i += 2) {
      b.param(params[i], params[i + 1]);
    }
    Options o = b.build();
    return new Runner(o).run();
  }

  @Test
  void convForwardRunsOneIterationOnTheCpu() throws RunnerException {
    Collection<RunResult> results =
        runOnce(ConvBench.class.getName() + ".forward$", "shape", "10x5x5->10k5", "backend", "cpu");
    assertEquals(1, results.size(), "one parameter combination was asked for");
    RunResult r = results.iterator().next();
    double usPerOp = r.getPrimaryResult().getScore();
    assertTrue(usPerOp > 0, "time per op must be positive, got " + usPerOp);
    // The work behind the GFLOP/s column: 2 * 128 images * 10 out * 1x1 pixels * 10 in * 5*5.
    assertEquals(
        2.0 * 128 * 10 * 10 * 25,
        WorkTable.of(r.getParams().getBenchmark(), r.getParams()::getParam).flops());
  }

  @Test
  void trainStepRunsOneIterationAndRestoresTheThreadCount() throws RunnerException {
    int before = Parallel.threads();
    Collection<RunResult> results =
        runOnce(TrainStepBench.class.getName() + ".trainStep$", "model", "net7840", "threads", "1");
    assertEquals(1, results.size());
    double imagesPerSecond = results.iterator().next().getPrimaryResult().getScore();
    assertTrue(imagesPerSecond > 0, "images/s must be positive, got " + imagesPerSecond);
    assertEquals(before, Parallel.threads(), "the benchmark must restore the pool size");
  }

  @Test
  void endToEndBenchmarksCoverEveryRegisteredNetwork() throws NoSuchFieldException {
    for (Class<?> c : List.of(TrainStepBench.class, InferenceBench.class)) {
      String[] listed = c.getField("model").getAnnotation(Param.class).value();
      assertEquals(Models.names(), Arrays.asList(listed), c.getSimpleName() + " @Param model");
    }
  }

  @Test
  void kernelRatesAreSharesOfThePeakMeasuredInTheSameRun() throws RunnerException {
    Collection<RunResult> results =
        runOnce(
            "("
                + PeakBench.class.getName()
                + ".allCores|"
                + ConvBench.class.getName()
                + ".forward)$",
            "shape",
            "10x5x5->10k5",
            "backend",
            "cpu");
    assertEquals(2, results.size(), "the peak and one convolution");
    RunResult peak = null;
    RunResult conv = null;
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("allCores")) {
        peak = r;
      } else {
        conv = r;
      }
    }
    double peakGflops = ResultTable.gflops(peak);
    double convGflops = ResultTable.gflops(conv);
    assertTrue(peakGflops > 0, "the peak counts its FLOPs in the fork: " + peakGflops);
    assertTrue(convGflops > 0, "the convolution's FLOPs come from its Work: " + convGflops);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ResultTable.print(results, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\\R");
    String header = Arrays.stream(lines).filter(l -> l.startsWith("Benchmark")).findFirst().get();
    String convRow = Arrays.stream(lines).filter(l -> l.startsWith("ConvBench")).findFirst().get();
    String peakRow = Arrays.stream(lines).filter(l -> l.startsWith("PeakBench")).findFirst().get();
    assertTrue(header.endsWith("% of peak"), header);
    assertTrue(peakRow.endsWith(" 100%"), peakRow);
    double share = 100 * convGflops / peakGflops;
    String expected =
        String.format(Locale.ROOT, share >= 100 ? "%.0f" : share >= 1 ? "%.2f" : "%.4f", share);
    assertTrue(
        convRow.endsWith(" " + expected + "%"), convRow + " should end with " + expected + "%");
  }

  @Test
  void cudaWithoutAGpuIsReportedAndSkipped() throws Exception {
    Assumptions.assumeFalse(Backends.isAvailable(Device.CUDA), "a GPU is present");
    assertEquals(null, BenchBackends.resolve("cuda"), "no backend without a GPU");
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      BenchMain.main(new String[] {"-p", "backend=cuda", "ConvBench"});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("no CUDA device: "), out);
    assertTrue(out.contains("nothing left to run"), out);
  }
}
