package io.jgrad.backend.reference;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/** A reference buffer: a plain {@code double[]} on the Java heap. */
public final class RefStorage implements Storage {
  private final RefBackend backend;

  /** The elements; kernels read and write it directly. */
  public final double[] data;

  RefStorage(RefBackend backend, double[] data) {
    this.backend = backend;
    this.data = data;
  }

  @Override
  public int size() {
    return data.length;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /**
   * The double array behind a reference storage; throws a clear error for other backends' storage.
   */
  public static double[] data(Storage s) {
    if (s instanceof RefStorage) {
      return ((RefStorage) s).data;
    }
    throw new IllegalArgumentException(
        "reference backend: expected a reference tensor, got one on device "
            + s.backend().device());
  }
}
