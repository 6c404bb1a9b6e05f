package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Tensor;
import io.jgrad.examples.mnist.Main;
import io.jgrad.examples.mnist.cli.ConfigResolver;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.ProgressReporter;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.examples.mnist.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the hardening tests share: in-process trainers, child-process trainers, comparisons. */
final class Hardening {
  private Hardening() {}

  /** Exit code, standard output and standard error of one in-process CLI run. */
  record Run(int code, String out, String err) {}

  /** Runs the CLI in this JVM with {@code args}, capturing its output. */
  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A configuration on the real MNIST files (MnistCache): the recipe overridden by name/value
   * pairs.
   */
  static TrainConfig config(Path out, String... options) {
    Map<String, String> cli = new LinkedHashMap<>();
    cli.put("data", MnistCache.dir().toString());
    cli.put("out", out.toString());
    for (int i = 0; i < options.length; i += 2) {
      cli.put(options[i], options[i + 1]);
    }
    return ConfigResolver.resolve(cli, null, Checkpoint::readConfig);
  }

  /** A silent in-process trainer reporting epochs to {@code progress}. */
  static Trainer trainer(TrainConfig cfg, ProgressReporter progress) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new Trainer(cfg, sink, progress);
  }

  /**
   * A process builder for {@code jgrad-mnist train args} in a fresh JVM: the same java binary, the
   * same class path and the module flags of this JVM (so the same kernels run), plus {@code
   * extraJvm}.
   */
  static ProcessBuilder childTrain(List<String> extraJvm, List<String> args) {
    String fallback = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String java = ProcessHandle.current().info().command().orElse(fallback);
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("--enable-")) {
        cmd.add(a);
      }
    }
    cmd.addAll(extraJvm);
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("train");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("CI", "true"); // line progress, no terminal bar
    return pb;
  }

  /** Asserts two checkpoints hold the same tensors, bit for bit. */
  static void assertSameTensors(Path expected, Path actual) {
    Map<String, Tensor> x = Checkpoint.read(expected).tensors();
    Map<String, Tensor> y = Checkpoint.read(actual).tensors();
    assertEquals(x.keySet(), y.keySet(), "tensor names of " + actual);
    for (String k : x.keySet()) {
      assertArrayEquals(x.get(k).toArray(), y.get(k).toArray(), k + " in " + actual);
    }
  }
}
