package io.jgrad.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the PyTorch conformance cases: {@code -Djgrad.conformance.dir=DIR} when set (any folder of
 * the same format, see conformance/README.md), else the repository's own {@code conformance}
 * folder. The repository root is {@code -Djgrad.repo.dir} (Surefire sets it from the reactor root),
 * else the first folder walking up from the working directory that holds {@code
 * conformance/manifest.json}.
 */
public final class ConformanceDir {
  private ConformanceDir() {}

  /** The folder holding {@code manifest.json} and {@code cases/}. */
  public static Path get() {
    String prop = System.getProperty("jgrad.conformance.dir");
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      if (!Files.isDirectory(p)) {
        throw new IllegalStateException("jgrad.conformance.dir is not a folder: " + p);
      }
      return p.toAbsolutePath().normalize();
    }
    return repoConformance();
  }

  private static Path repoConformance() {
    String repo = System.getProperty("jgrad.repo.dir");
    if (repo != null && !repo.isBlank()) {
      Path p = Path.of(repo).resolve("conformance");
      if (Files.isRegularFile(p.resolve("manifest.json"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("conformance").resolve("manifest.json"))) {
        return p.resolve("conformance").normalize();
      }
    }
    throw new IllegalStateException(
        "cannot find the repository's conformance folder (conformance/manifest.json) above "
            + Path.of("").toAbsolutePath()
            + "; run the tests from the repository or set -Djgrad.conformance.dir=DIR");
  }
}
