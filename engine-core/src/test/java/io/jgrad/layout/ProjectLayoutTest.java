package io.jgrad.layout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the architecture visible: small main-source files, and the layering rules of STYLE.md
 * (kernels never see autograd; ops never touch raw arrays; core never imports CUDA).
 */
class ProjectLayoutTest {
  private static final int MAX_LINES = 300;

  static Path repoRoot() {
    String prop = System.getProperty("jgrad.repo.dir");
    if (prop != null && Files.isDirectory(Path.of(prop, "engine-core"))) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("engine-core")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root");
  }

  private static List<Path> mainSources(String moduleGlob) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(repoRoot())) {
      for (Path m : (Iterable<Path>) modules::iterator) {
        Path src = m.resolve("src/main/java");
        if (!Files.isDirectory(src) || !m.getFileName().toString().matches(moduleGlob)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(src)) {
          walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    return files;
  }

  @Test
  void mainSourceFilesStaySmall() throws IOException {
    List<String> big = new ArrayList<>();
    List<Path> files = mainSources(".*");
    for (Path f : files) {
      long lines;
      try (Stream<String> s = Files.lines(f)) {
        lines = s.count();
      }
      if (lines > MAX_LINES) {
        big.add(repoRoot().relativize(f) + " (" + lines + " lines)");
      }
    }
    assertTrue(files.size() > 20, "expected to find the main sources, found " + files.size());
    assertTrue(big.isEmpty(), "main-source files over " + MAX_LINES + " lines: " + big);
  }

  @Test
  void layersImportOnlyDownward() throws IOException {
    List<String> bad = new ArrayList<>();
    for (Path f : mainSources("engine-core")) {
      String path = f.toString().replace('\\', '/');
      String text = Files.readString(f);
      if (text.contains("jcuda") || text.contains("io.jgrad.backend.cuda")) {
        bad.add(path + ": engine-core must not import CUDA code");
      }
      if (path.contains("/io/jgrad/backend/") && text.contains("import io.jgrad.autograd")) {
        bad.add(path + ": a kernel must not import autograd");
      }
      if (path.contains("/io/jgrad/ops/") && text.matches("(?s).*\\bfloat\\[\\].*")) {
        bad.add(path + ": an op must not touch raw arrays; call a kernel");
      }
    }
    assertTrue(bad.isEmpty(), String.join("\n", bad));
  }
}
