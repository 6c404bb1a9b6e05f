package io.jgrad.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the {@code shared} folder beside the repository (MNIST, conformance cases): the {@code
 * jgrad.shared.dir} system property when it names a folder (Surefire sets it from the reactor
 * root), else the first {@code ../shared} found walking up from the working directory.
 */
public final class SharedDir {
  private SharedDir() {}

  /** The shared folder; throws a clear error when there is none. */
  public static Path get() {
    String prop = System.getProperty("jgrad.shared.dir");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("conformance"))) {
        return candidate.normalize();
      }
      if (Files.isDirectory(p.resolve("shared").resolve("conformance"))) {
        return p.resolve("shared").normalize();
      }
    }
    throw new IllegalStateException(
        "cannot find the shared folder (conformance cases, MNIST) beside the repository;"
            + " set -Djgrad.shared.dir=DIR");
  }

  /** The conformance folder: {@code -Djgrad.conformance.dir} when set, else shared/conformance. */
  public static Path conformance() {
    String prop = System.getProperty("jgrad.conformance.dir");
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      if (!Files.isDirectory(p)) {
        throw new IllegalStateException("jgrad.conformance.dir is not a folder: " + p);
      }
      return p.toAbsolutePath().normalize();
    }
    return get().resolve("conformance");
  }

  /** The MNIST folder, shared/data/mnist. */
  public static Path mnist() {
    return get().resolve("data").resolve("mnist");
  }
}
