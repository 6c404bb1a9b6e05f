package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.ProgressReporter;
import io.jgrad.nn.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong input through the command line: each must end with a non-zero exit code and a one-line
 * message naming the file or option and the problem, without a stack trace. Cases already pinned by
 * {@code MainTest}, {@code ConfigResolverTest}, {@code IdxReaderTest}, {@code MnistDatasetTest} and
 * {@code MnistDownloaderTest} (unknown model/option/key, unwritable output, missing data folder,
 * every IDX defect at reader level, offline mirrors) are not repeated here.
 */
class BadInputTest {
  @TempDir Path dir;

  private static void assertClean(Hardening.Run r, int code, String... fragments) {
    assertEquals(code, r.code(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in:\n" + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace for bad input:\n" + r.err());
  }

  @Test
  void malformedConfigJsonExitsWith2NamingTheFile() throws IOException {
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "{\"model\": \"net7840\", \"epochs\": 3,");
    Hardening.Run r = Hardening.cli("train", "--config", f.toString());
    assertClean(r, 2, f.toString(), "malformed JSON");
  }

  @Test
  void truncatedResumeCheckpointExitsWith1NamingTheFile() throws IOException {
    Path last = trainedCheckpoint();
    byte[] bytes = Files.readAllBytes(last);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 7));
    Hardening.Run r = Hardening.cli("train", "--resume", cut.toString());
    assertClean(r, 1, cut.toString(), "truncated");
  }

  @Test
  void checkpointMissingAWeightIsRejectedByEvaluate() throws IOException {
    Path last = trainedCheckpoint();
    Map<String, Tensor> t = Safetensors.read(last);
    String victim = firstModelKey(t);
    t.remove(victim);
    Path f = rewrite(last, "missing.safetensors", t);
    Hardening.Run r = evaluate(f);
    assertClean(r, 1, "Missing key(s)", victim.substring("model.".length()));
  }

  @Test
  void checkpointWithAnUnexpectedKeyIsRejectedByEvaluate() throws IOException {
    Path last = trainedCheckpoint();
    Map<String, Tensor> t = Safetensors.read(last);
    t.put("model.extra.weight", Tensors.zeros(3));
    Path f = rewrite(last, "unexpected.safetensors", t);
    Hardening.Run r = evaluate(f);
    assertClean(r, 1, "Unexpected key(s)", "extra.weight");
  }

  @Test
  void checkpointWithAWronglyShapedWeightIsRejectedByEvaluateAndResume() throws IOException {
    Path last = trainedCheckpoint();
    Map<String, Tensor> t = Safetensors.read(last);
    String victim = firstModelKey(t);
    t.put(victim, Tensors.zeros(2, 2));
    Path f = rewrite(last, "shaped.safetensors", t);
    String key = victim.substring("model.".length());
    assertClean(evaluate(f), 1, "size mismatch for " + key, "[2, 2]");
    Hardening.Run resume =
        Hardening.cli("train", "--resume", f.toString(), "--data", MnistCache.dir().toString());
    assertClean(resume, 1, "--resume " + f, "size mismatch for " + key);
  }

  @Test
  void corruptIdxFileInTheDataFolderExitsWith1NamingTheFile() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    for (String name :
        new String[] {
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz"
        }) {
      Files.copy(MnistCache.dir().resolve(name), data.resolve(name));
    }
    // an uncompressed copy wins over the gzip one; give it a wrong magic number
    Path bad = data.resolve("train-labels-idx1-ubyte");
    Files.write(bad, new byte[] {0, 0, 0x12, 0x34, 0, 0, 0, 0});
    Hardening.Run r =
        Hardening.cli(
            "train",
            "--model",
            "net4764",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--epochs",
            "1");
    assertClean(r, 1, "train-labels-idx1-ubyte", "wrong magic number");
  }

  // ------------------------------------------------------------------ helpers

  private Path trainedCheckpoint() throws IOException {
    Path out = dir.resolve("trained");
    Hardening.trainer(
            Hardening.config(
                out,
                "model",
                "net4764",
                "train-limit",
                "128",
                "test-limit",
                "64",
                "epochs",
                "1",
                "threads",
                "2"),
            ProgressReporter.silent())
        .run();
    return out.resolve("last.safetensors");
  }

  private static String firstModelKey(Map<String, Tensor> t) {
    return t.keySet().stream().filter(k -> k.startsWith("model.")).findFirst().orElseThrow();
  }

  private Path rewrite(Path from, String name, Map<String, Tensor> tensors) throws IOException {
    Path f = dir.resolve(name);
    Safetensors.write(f, new LinkedHashMap<>(tensors), Safetensors.readMetadata(from));
    return f;
  }

  private Hardening.Run evaluate(Path checkpoint) {
    return Hardening.cli(
        "evaluate",
        checkpoint.toString(),
        "--data",
        MnistCache.dir().toString(),
        "--test-limit",
        "100",
        "--out",
        dir.resolve("eval").toString());
  }
}
