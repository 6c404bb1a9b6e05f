package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.ProgressReporter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long runs keep a flat heap: what is still reachable after a full GC at the end of every epoch
 * does not grow after the first epoch, and training fits in a 512 MB heap.
 */
class MemoryTest {
  @TempDir Path dir;

  /**
   * Allowed growth of the live heap between the end of epoch 1 and the end of any later epoch.
   * Legitimate growth per epoch is one metrics record and a longer metrics JSON string (well under
   * 1 KB); a leak of one batch's activations per step (32 steps per epoch here, each holding at
   * least the 64x784-float input, 200 KB) would exceed this after one epoch.
   */
  private static final long MARGIN_BYTES = 2L * 1024 * 1024;

  private static final int EPOCHS = 6;

  @Test
  @Timeout(180)
  void liveHeapAfterEachEpochDoesNotGrow() throws Exception {
    List<Long> live = new ArrayList<>();
    ProgressReporter probe =
        new ProgressReporter() {
          @Override
          public void start(int epoch, int epochs, int totalBatches, int startBatch) {
            if (epoch > 1) {
              live.add(liveHeap()); // the previous epoch, its evaluation and checkpoints are done
            }
          }

          @Override
          public void update(int batchesDone, double loss, double accuracy) {}

          @Override
          public void finish() {}
        };
    TrainingLog log =
        Hardening.trainer(
                Hardening.config(
                    dir.resolve("run"),
                    "model",
                    "net7840",
                    "train-limit",
                    "2048",
                    "test-limit",
                    "500",
                    "epochs",
                    Integer.toString(EPOCHS),
                    "batch-size",
                    "64",
                    "dropout",
                    "0.1",
                    "rotation",
                    "10",
                    "checkpoint-every",
                    "8",
                    "threads",
                    "2",
                    "workers",
                    "2"),
                probe)
            .run();
    assertEquals(EPOCHS, log.epochs().size());
    // measured while the run still holds its data and loaders: after epochs 1 to EPOCHS - 1
    assertEquals(EPOCHS - 1, live.size());
    long base = live.get(0);
    long worst = live.stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf("live heap after epochs 1..%d (bytes): %s%n", EPOCHS - 1, live);
    assertTrue(
        worst - base <= MARGIN_BYTES,
        "live heap grew by " + (worst - base) + " bytes after epoch 1: " + live);
  }

  @Test
  @Timeout(180)
  void oneEpochOfTheLargestModelRunsInA512MegabyteHeap() throws Exception {
    Path out = dir.resolve("small-heap");
    Path log = dir.resolve("child.log");
    Process p =
        Hardening.childTrain(
                List.of("-Xmx512m"),
                List.of(
                    "--model", "net75828",
                    "--data", MnistCache.dir().toString(),
                    "--out", out.toString(),
                    "--train-limit", "2048",
                    "--test-limit", "1000",
                    "--epochs", "1",
                    "--threads", "2"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean done = p.waitFor(170, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "did not finish:\n" + text);
    assertEquals(0, p.exitValue(), text);
    assertTrue(!text.contains("OutOfMemoryError"), text);
    assertEquals(1, TrainingLog.read(out.resolve("metrics.json")).epochs().size(), text);
  }

  /** Bytes of heap in use after full collections: the least of a few, as GC is advisory. */
  private static long liveHeap() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
