package io.jgrad.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be read or written; the message names the file and problem. */
public final class SafetensorsException extends IOException {
  private final transient Path file;

  /** {@code problem} with {@code file}. */
  public SafetensorsException(Path file, String problem) {
    this(file, problem, null);
  }

  /** {@code problem} with {@code file}, caused by {@code cause}. */
  public SafetensorsException(Path file, String problem, Throwable cause) {
    super("safetensors file " + file + ": " + problem, cause);
    this.file = file;
  }

  /** The file concerned. */
  public Path file() {
    return file;
  }
}
