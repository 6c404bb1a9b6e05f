package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.runtime.KernelSources;
import io.jgrad.backend.cuda.runtime.PtxImages;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The kernel sources against the Java code that launches them. The kernel list is derived from the
 * launch sites ({@link LaunchSites}), so a new kernel cannot escape these checks. Two tests run on
 * every machine (CI included): every source is listed and readable, and every launched kernel is an
 * entry point of the shipped ahead-of-time PTX. The third compiles every source with {@code nvcc
 * -ptx} (warnings are errors), as llm.c's CI compiles its kernels on GPU-less runners, and checks
 * the launched kernels are entry points of the result; it runs only where {@code nvcc} is on the
 * PATH (the build machines here have it) and is skipped with a message elsewhere.
 */
class KernelSourcesCompileTest {
  private static final Path DIR = Path.of("src/main/resources" + KernelSources.RESOURCE_DIR);

  /** Every kernel the Java side looks up, per file, read from the launch sites. */
  private static Map<String, TreeSet<String>> kernels() throws IOException {
    Map<String, TreeSet<String>> k = LaunchSites.scan(Path.of("src/main/java"));
    int count = k.values().stream().mapToInt(TreeSet::size).sum();
    assertTrue(count >= 20, "expected the launch sites of 20+ kernels, found " + k);
    return k;
  }

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
    assertEquals(onDisk, new TreeSet<>(kernels().keySet()), "files launched from Java vs disk");
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
    Map<String, TreeSet<String>> launched = kernels();
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
      TreeSet<String> entries = entries(Files.readString(ptx));
      for (String k : launched.getOrDefault(f, new TreeSet<>())) {
        assertTrue(entries.contains(k), f + " must export extern \"C\" " + k + ", has " + entries);
      }
    }
  }

  @Test
  void everyLaunchedKernelIsInTheShippedPtx() throws IOException {
    for (Map.Entry<String, TreeSet<String>> e : kernels().entrySet()) {
      String ptx =
          new String(PtxImages.image(e.getKey()), StandardCharsets.US_ASCII).replace("\0", "");
      TreeSet<String> entries = entries(ptx);
      for (String k : e.getValue()) {
        assertTrue(
            entries.contains(k),
            "the shipped PTX of "
                + e.getKey()
                + " lacks "
                + k
                + " (has "
                + entries
                + ");"
                + " run engine-cuda/scripts/regenerate-ptx.sh");
      }
    }
  }

  private static TreeSet<String> entries(String ptxText) {
    TreeSet<String> entries = new TreeSet<>();
    Matcher m = ENTRY.matcher(ptxText);
    while (m.find()) {
      entries.add(m.group(1));
    }
    return entries;
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
