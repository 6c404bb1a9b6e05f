package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import io.jgrad.backend.cpu.CpuBackend;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.Dropout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two training steps of net7840 through the {@link Trainer}, on the first MNIST images with the
 * model's recipe (batch 128, SGD with momentum and a one-cycle schedule, dropout 0.05, rotation 7°,
 * seed 1): every tensor of the checkpoint written after the second step (each weight, each batch
 * norm's running statistics and batch count, each momentum buffer) and the loss sum are the same
 * bits
 *
 * <ul>
 *   <li>on 1, 2 and 3 CPU threads ({@code --threads}, which sets {@link Parallel}'s team);
 *   <li>with and without the trainer's activation release ({@link Trainer#releaseActivations});
 *   <li>with and without the CPU buffer pool ({@link CpuBackend#setPooling});
 *   <li>with and without the batch norm + ReLU fusion ({@code -Djgrad.fusion=off}).
 * </ul>
 *
 * Each switch is compared at 2 threads with the run that has every feature on at 2 threads, so a
 * failure names one cause. Runs are kept per setting, so each setting trains once per class.
 */
class TrainingBitIdentityTest {
  @TempDir static Path dir;

  /** One training setting. */
  private record Setting(int threads, boolean release, boolean pooling, boolean fusion) {
    static Setting defaults(int threads) {
      return new Setting(threads, true, true, true);
    }

    String name() {
      return threads
          + "t"
          + (release ? "" : "-norelease")
          + (pooling ? "" : "-nopool")
          + (fusion ? "" : "-nofusion");
    }
  }

  /** The checkpoint's tensors, its loss sum, and the floats the CPU pool held after the run. */
  private record Outcome(Map<String, float[]> tensors, String lossSum, long pooledAfter) {}

  private static final Map<Setting, Outcome> RUNS = new ConcurrentHashMap<>();

  @AfterAll
  static void restoreDefaults() {
    cpu().setPooling(true);
    System.clearProperty("jgrad.fusion");
  }

  @Test
  void twoAndThreeThreadsGiveTheBitsOfOneThread() {
    Outcome one = run(Setting.defaults(1));
    assertTrained(one);
    assertSame("2 threads vs 1", one, run(Setting.defaults(2)));
    assertSame("3 threads vs 1", one, run(Setting.defaults(3)));
  }

  @Test
  void activationReleaseChangesNoBit() {
    assertSame(
        "without activation release",
        run(Setting.defaults(2)),
        run(new Setting(2, false, true, true)));
  }

  @Test
  void bufferPoolChangesNoBit() {
    Outcome pooled = run(Setting.defaults(2));
    Outcome fresh = run(new Setting(2, true, false, true));
    assertTrue(pooled.pooledAfter() > 0, "the pooled run recycled buffers");
    assertEquals(0, fresh.pooledAfter(), "the run without the pool recycled nothing");
    assertSame("without the buffer pool", pooled, fresh);
  }

  @Test
  void batchNormReluFusionChangesNoBit() {
    assertSame(
        "without batch norm + ReLU fusion",
        run(Setting.defaults(2)),
        run(new Setting(2, true, true, false)));
  }

  @Test
  void fusionPropertyTurnsTheFusedOpOffInNet7840() {
    assertEquals(List.of("BatchNorm2dRelu"), dropoutInputs(), "fused by default");
    System.setProperty("jgrad.fusion", "off");
    try {
      assertEquals(List.of("Relu"), dropoutInputs(), "-Djgrad.fusion=off");
    } finally {
      System.clearProperty("jgrad.fusion");
    }
  }

  /** The distinct ops that produce net7840's dropout inputs in one training forward pass. */
  private static List<String> dropoutInputs() {
    Sequential model = (Sequential) Models.create("net7840", 0.05, 1);
    List<String> seen = new ArrayList<>();
    for (Module m : model) {
      if (m instanceof Dropout) {
        m.registerForwardHook((mod, in, out) -> seen.add(in.gradFn().name()));
      }
    }
    model.call(Tensors.randn(new Generator(3), 2, 1, 28, 28));
    assertEquals(7, seen.size(), "a dropout after each of the seven blocks");
    return seen.stream().distinct().toList();
  }

  /** Trains two steps with {@code s}, once per setting. */
  private static Outcome run(Setting s) {
    return RUNS.computeIfAbsent(s, TrainingBitIdentityTest::train);
  }

  private static Outcome train(Setting s) {
    Path out = dir.resolve(s.name());
    TrainConfig cfg =
        TrainRuns.config(
            out,
            "model",
            "net7840",
            "epochs",
            "1",
            "train-limit",
            "384", // three batches of 128: the run stops after two, mid-epoch
            "test-limit",
            "100",
            "seed",
            "1",
            "threads",
            Integer.toString(s.threads()));
    int threadsBefore = Parallel.threads();
    CpuBackend cpu = cpu();
    try {
      cpu.setPooling(s.pooling());
      if (!s.fusion()) {
        System.setProperty("jgrad.fusion", "off");
      }
      Trainer t =
          TrainRuns.trainer(cfg, new ByteArrayOutputStream())
              .stopAfterBatches(2)
              .releaseActivations(s.release());
      t.run();
      assertTrue(t.interrupted(), s.name() + ": stopped after two batches");
      long pooled = cpu.pooledFloats();
      Checkpoint.Contents c = Checkpoint.read(t.lastCheckpoint());
      Map<String, float[]> tensors = new TreeMap<>();
      c.tensors().forEach((k, v) -> tensors.put(k, v.toArray()));
      assertEquals("2", c.metadata().get("next_batch"), s.name() + ": checkpoint position");
      return new Outcome(tensors, c.metadata().get("partial_loss_sum"), pooled);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      System.clearProperty("jgrad.fusion");
      cpu.setPooling(true);
      Parallel.setThreads(threadsBefore);
    }
  }

  private static CpuBackend cpu() {
    return (CpuBackend) Backends.get(Device.CPU);
  }

  /** The run trained: weights moved, running statistics and momentum buffers are there. */
  private static void assertTrained(Outcome o) {
    Map<String, Tensor> init = Models.create("net7840", 0.05, 1).stateDict();
    float[] before = init.get("0.weight").toArray();
    float[] after = o.tensors().get("model.0.weight");
    assertEquals(before.length, after.length, "model.0.weight size");
    assertFalse(Arrays.equals(before, after), "two steps moved the first weights");
    for (String k : init.keySet()) {
      assertTrue(o.tensors().containsKey("model." + k), "checkpoint holds model." + k);
    }
    assertTrue(o.tensors().containsKey("model.1.running_mean"), "batch norm statistics");
    assertTrue(
        o.tensors().keySet().stream().anyMatch(k -> k.startsWith("optim.")),
        "optimizer state: " + o.tensors().keySet());
  }

  /** Every tensor and the loss sum, bit for bit. */
  private static void assertSame(String what, Outcome want, Outcome got) {
    assertEquals(want.tensors().keySet(), got.tensors().keySet(), what + ": tensor names");
    assertEquals(want.lossSum(), got.lossSum(), what + ": loss sum of the two steps");
    for (String k : want.tensors().keySet()) {
      float[] a = want.tensors().get(k);
      float[] b = got.tensors().get(k);
      assertEquals(a.length, b.length, what + ": size of " + k);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
          throw new AssertionError(
              String.format(
                  "%s: %s[%d] is %s, expected %s (bits %08x vs %08x)",
                  what,
                  k,
                  i,
                  b[i],
                  a[i],
                  Float.floatToRawIntBits(b[i]),
                  Float.floatToRawIntBits(a[i])));
        }
      }
    }
  }
}
