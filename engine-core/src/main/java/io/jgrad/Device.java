package io.jgrad;

import java.util.Locale;

/**
 * Where a tensor's storage lives. {@link #CPU} is always available; {@link #CUDA} when the
 * engine-cuda module is on the class path and a GPU is usable; {@link #REFERENCE} is the plain
 * double-precision oracle backend used by tests.
 *
 * @param type the backend name, lower case
 */
public record Device(String type) {
  /** The fast pure-Java CPU backend. */
  public static final Device CPU = new Device("cpu");

  /** The CUDA backend (cuDNN, cuBLAS, NVRTC), when available. */
  public static final Device CUDA = new Device("cuda");

  /** The reference backend: plain loops in double precision; slow, exact, for tests. */
  public static final Device REFERENCE = new Device("reference");

  /** Validates the name. */
  public Device {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("device: the name must not be empty");
    }
  }

  /** Parses a device name such as {@code "cpu"} or {@code "cuda"}, case-insensitively. */
  public static Device of(String name) {
    return new Device(name.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return type;
  }
}
