package io.jgrad.examples.mnist.hardening;

import io.jgrad.examples.mnist.train.ProgressReporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives bit-identical weights, batch-norm statistics and optimizer state, whether the
 * run is repeated with the same thread count or with a different one: the CPU kernels split work so
 * that every output element is reduced in the same order regardless of the thread count, and the
 * data loader's shuffling, dropout masks and rotations depend only on the seed.
 */
class DeterminismTest {
  @TempDir Path dir;

  private Path train(String name, int threads, int workers) throws Exception {
    Path out = dir.resolve(name);
    Hardening.trainer(
            Hardening.config(
                out,
                "model",
                "net5308",
                "train-limit",
                "640",
                "test-limit",
                "200",
                "epochs",
                "1",
                "batch-size",
                "64",
                "dropout",
                "0.1",
                "rotation",
                "10",
                "schedule",
                "onecycle",
                "lr",
                "0.05",
                "seed",
                "7",
                "threads",
                Integer.toString(threads),
                "workers",
                Integer.toString(workers)),
            ProgressReporter.silent())
        .run();
    return out.resolve("last.safetensors");
  }

  @Test
  void sameSeedAndThreadsGiveBitIdenticalWeights() throws Exception {
    Path first = train("a", 2, 2);
    Path second = train("b", 2, 2);
    Hardening.assertSameTensors(first, second);
  }

  @Test
  void oneThreadAndTwoThreadsGiveBitIdenticalWeights() throws Exception {
    Path two = train("two", 2, 1);
    Path one = train("one", 1, 1);
    Hardening.assertSameTensors(two, one);
  }

  @Test
  void backgroundLoaderWorkersDoNotChangeTheResult() throws Exception {
    Path none = train("w1", 2, 1);
    Path three = train("w3", 2, 3);
    Hardening.assertSameTensors(none, three);
  }
}
