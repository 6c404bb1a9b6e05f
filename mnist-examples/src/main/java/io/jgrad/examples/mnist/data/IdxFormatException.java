package io.jgrad.examples.mnist.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file (or a pair of them) is malformed: wrong magic number, bad dimensions, truncated or
 * extra payload, a broken gzip stream, or labels that are not digits. The message always starts
 * with the file and then says what is wrong.
 */
public class IdxFormatException extends IOException {
  private final transient Path file;
  private final String problem;

  /** A problem with {@code file}, described by {@code problem}. */
  public IdxFormatException(Path file, String problem) {
    this(file, problem, null);
  }

  /** A problem with {@code file} caused by {@code cause} (e.g. a gzip error). */
  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }

  /** What is wrong with it, without the file name. */
  public String problem() {
    return problem;
  }
}
