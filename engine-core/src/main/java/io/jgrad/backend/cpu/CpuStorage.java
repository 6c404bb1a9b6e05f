package io.jgrad.backend.cpu;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/** A CPU buffer: a plain {@code float[]} on the Java heap. */
public final class CpuStorage implements Storage {
  private final CpuBackend backend;

  /** The elements; kernels read and write it directly. */
  public final float[] data;

  CpuStorage(CpuBackend backend, float[] data) {
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

  /** The float array behind a CPU storage; throws a clear error for other backends' storage. */
  public static float[] data(Storage s) {
    if (s instanceof CpuStorage) {
      return ((CpuStorage) s).data;
    }
    throw new IllegalArgumentException(
        "cpu backend: expected a cpu tensor, got one on device " + s.backend().device());
  }
}
