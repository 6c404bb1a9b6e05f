package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.train.ProgressReporter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In steady state a training step allocates no large buffers: forward activations, gradients and
 * kernel scratch come back from the CPU backend's buffer pool instead of being allocated (and
 * zero-filled) anew every step. The test counts the bytes every thread of the JVM allocates between
 * two batches well into an epoch, through the JVM's per-thread allocation counters.
 */
class SteadyStateAllocationTest {
  @TempDir Path dir;

  private static final int BATCH = 128;
  private static final int FIRST = 12;
  private static final int LAST = 28;

  /**
   * What one step may still allocate: the loader's next batch (its images, 128 x 784 floats, the
   * rotated copy and the labels, about 0.8 MB), small tensors and bookkeeping. The forward
   * activations of net7840 alone are about 35 MB per step of 128 images, so allocating them afresh
   * fails this by a factor of ten or more.
   */
  private static final long BUDGET_BYTES_PER_STEP = 3L * 1024 * 1024;

  @Test
  @Timeout(120)
  void aTrainingStepAllocatesNoLargeBuffers() throws Exception {
    long[] at = new long[2];
    ProgressReporter probe =
        new ProgressReporter() {
          @Override
          public void start(int epoch, int epochs, int totalBatches, int startBatch) {}

          @Override
          public void update(int batchesDone, double loss, double accuracy) {
            if (batchesDone == FIRST) {
              at[0] = allocatedBytes();
            } else if (batchesDone == LAST) {
              at[1] = allocatedBytes();
            }
          }

          @Override
          public void finish() {}
        };
    Hardening.trainer(
            Hardening.config(
                dir.resolve("run"),
                "model",
                "net7840",
                "train-limit",
                Integer.toString(BATCH * (LAST + 2)),
                "test-limit",
                "256",
                "epochs",
                "1",
                "batch-size",
                Integer.toString(BATCH),
                "dropout",
                "0.1",
                "rotation",
                "7",
                "threads",
                "2"),
            probe)
        .run();
    long perStep = (at[1] - at[0]) / (LAST - FIRST);
    System.out.printf("steady-state allocation: %.2f MB per training step%n", perStep / 1e6);
    assertTrue(at[0] > 0 && at[1] > at[0], "both probes ran");
    assertTrue(
        perStep < BUDGET_BYTES_PER_STEP,
        "a training step allocated " + perStep + " bytes; budget " + BUDGET_BYTES_PER_STEP);
  }

  /** Bytes allocated so far by every live thread (the JVM's per-thread TLAB accounting). */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }
}
