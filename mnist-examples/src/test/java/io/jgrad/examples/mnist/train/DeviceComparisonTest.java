package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training part of {@code gpu-check.sh} without a GPU: per-batch losses rebuilt from the
 * trainer's running means, the verdicts of the comparison, and two CPU runs of its settings on a
 * few hundred images, which must give the same per-batch losses.
 */
class DeviceComparisonTest {
  @TempDir Path dir;

  @Test
  void batchLossesAreRebuiltFromTheRunningMeansIncludingAShortLastBatch() {
    double[] losses = {2.0, 1.0, 0.5};
    int[] sizes = {4, 4, 2};
    List<Double> means = new ArrayList<>();
    double sum = 0;
    int seen = 0;
    for (int k = 0; k < losses.length; k++) {
      sum += losses[k] * sizes[k];
      seen += sizes[k];
      means.add(sum / seen);
    }
    List<Double> got = DeviceComparison.batchLosses(means, 4, 10);
    for (int k = 0; k < losses.length; k++) {
      assertEquals(losses[k], got.get(k), 1e-12, "batch " + (k + 1));
    }
  }

  private static DeviceComparison.Run run(double acc, double mean, double... batch) {
    List<Double> b = new ArrayList<>();
    for (double v : batch) {
      b.add(v);
    }
    return new DeviceComparison.Run("x", b, new EpochRecord(1, mean, 90, 0.1, acc, 0.01, 1, 1));
  }

  @Test
  void verdictsFollowTheBars() {
    List<DeviceComparison.Part> ok =
        DeviceComparison.compare(
            run(98.0, 0.30, 2.3, 1.0, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.2),
            run(97.8, 0.31, 2.3, 1.001, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.3));
    assertTrue(ok.get(0).pass(), ok.get(0).line());
    assertTrue(ok.get(1).pass(), ok.get(1).line());
    assertTrue(
        ok.get(1).line().contains("largest single diff 0.1000 at batch 12"), ok.get(1).line());
    assertFalse(DeviceComparison.compare(run(96.9, 0.3, 1), run(96.9, 0.3, 1)).get(0).pass());
    assertFalse(DeviceComparison.compare(run(98.0, 0.3, 1), run(98.6, 0.3, 1)).get(0).pass());
    assertFalse(DeviceComparison.compare(run(98, 0.3, 2.3), run(98, 0.3, 2.0)).get(1).pass());
    assertFalse(DeviceComparison.compare(run(98, 0.3, 1), run(98, 0.4, 1)).get(1).pass());
    assertFalse(DeviceComparison.compare(run(98, 0.3, 1, 1), run(98, 0.3, 1)).get(1).pass());
  }

  @Test
  void twoCpuRunsOfTheSettingsGiveTheSameBatchLosses() throws Exception {
    Path data = MnistCache.dir();
    DeviceComparison.Run a =
        DeviceComparison.train(DeviceComparison.settings(data, dir.resolve("a"), "cpu", 200, 32));
    DeviceComparison.Run b =
        DeviceComparison.train(DeviceComparison.settings(data, dir.resolve("b"), "cpu", 200, 32));
    assertEquals(7, a.batchLosses().size(), "200 images in batches of 32");
    assertEquals(a.batchLosses(), b.batchLosses());
    assertEquals(a.epoch().trainLoss(), b.epoch().trainLoss());
    DeviceComparison.Part losses = DeviceComparison.compare(a, b).get(1);
    assertTrue(losses.pass(), losses.line());
  }
}
