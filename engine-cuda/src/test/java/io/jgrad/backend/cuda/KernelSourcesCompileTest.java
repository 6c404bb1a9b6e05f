package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.runtime.KernelSources;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel source with {@code nvcc -ptx} (warnings are errors) where nvcc is on the
 * PATH, as llm.c's CI compiles its kernels on GPU-less runners, and checks that each kernel the
 * Java side launches is an entry point of its file. Skipped with a message without nvcc.
 */
class KernelSourcesCompileTest {
  private static final Path DIR = Path.of("src/main/resources" + KernelSources.RESOURCE_DIR);

  /** Every kernel the Java side looks up, per file. */
  private static final Map<String, List<String>> KERNELS =
      Map.of(
          "elementwise.cu",
          List.of("unary_f32", "binary_f32", "binary_scalar_f32", "accumulate_f32", "fill_f32"),
          "copy.cu",
          List.of("expand_f32"),
          "reduce.cu",
          List.of("sum_block_per_output", "sum_thread_per_output"),
          "loss.cu",
          List.of("nll_forward", "nll_backward"),
          "optim.cu",
          List.of("sgd_step", "adam_step"),
          "pool.cu",
          List.of("adaptive_avg_forward", "adaptive_avg_backward", "avg_pool_backward"),
          "norm.cu",
          List.of("bn_infer_backward_input", "bn_infer_backward_params", "bn_relu_inplace"),
          "dropout.cu",
          List.of("scale_units"),
          "rotate.cu",
          List.of("rotate_nearest", "rotate_bilinear"));

  /** The kernels of the tensor ops' families, looked up by CudaPointwise and CudaIndex. */
  private static final Map<String, List<String>> TENSOR_OP_KERNELS =
      Map.of(
          "pointwise.cu",
          List.of("pointwise_forward", "pointwise_backward", "compare_f32", "where_f32"),
          "index.cu",
          List.of("gather_f32", "scatter_f32", "max_along", "max_along_backward"));

  private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include");

  private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");

  @Test
  void everySourceFileIsListedAndReadable() throws IOException {
    assertTrue(Files.isDirectory(DIR), "kernel folder " + DIR.toAbsolutePath());
    TreeSet<String> onDisk;
    try (Stream<Path> files = Files.list(DIR)) {
      onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".cu"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(onDisk, new TreeSet<>(KernelSources.FILES), "KernelSources.FILES vs disk");
    TreeSet<String> listed = new TreeSet<>(KERNELS.keySet());
    listed.addAll(TENSOR_OP_KERNELS.keySet());
    assertEquals(onDisk, listed, "this test's kernel list vs disk");
    for (String f : KernelSources.FILES) {
      String src = KernelSources.read(f);
      assertTrue(src.contains("__global__"), f + " defines kernels");
      assertTrue(
          !INCLUDE.matcher(src).find(), f + " must not #include (NVRTC has no host headers)");
    }
  }

  @Test
  void everySourceCompilesWithNvcc(@TempDir Path out) throws Exception {
    String nvcc = findOnPath("nvcc");
    Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: kernel compilation not checked");
    for (String f : KernelSources.FILES) {
      Path ptx = out.resolve(f.replace(".cu", ".ptx"));
      Process p =
          new ProcessBuilder(
                  nvcc,
                  "-ptx",
                  "-Werror",
                  "all-warnings",
                  "-o",
                  ptx.toString(),
                  DIR.resolve(f).toString())
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("nvcc did not finish on " + f);
      }
      assertEquals(0, p.exitValue(), "nvcc -ptx " + f + " failed:\n" + log);
      String text = Files.readString(ptx);
      TreeSet<String> entries = new TreeSet<>();
      Matcher m = ENTRY.matcher(text);
      while (m.find()) {
        entries.add(m.group(1));
      }
      for (String k : KERNELS.getOrDefault(f, TENSOR_OP_KERNELS.get(f))) {
        assertTrue(entries.contains(k), f + " must export extern \"C\" " + k + ", has " + entries);
      }
    }
  }

  private static String findOnPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : new String[] {exe, exe + ".exe"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }
}
