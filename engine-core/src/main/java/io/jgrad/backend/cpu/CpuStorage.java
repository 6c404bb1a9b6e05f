package io.jgrad.backend.cpu;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/**
 * A CPU buffer: a plain {@code float[]} on the Java heap. A storage the backend allocated itself
 * hands its array back to the backend's pool on {@link #close()}, to be reused by a later kernel;
 * one that wraps a caller's array never does. Reading a closed storage through {@link
 * #data(Storage)} throws, so a use after close fails loudly instead of reading a recycled array.
 */
public final class CpuStorage implements Storage {
  private final CpuBackend backend;
  private final boolean recyclable;
  private volatile boolean closed;

  /** The elements; kernels read and write it directly. */
  public final float[] data;

  CpuStorage(CpuBackend backend, float[] data, boolean recyclable) {
    this.backend = backend;
    this.data = data;
    this.recyclable = recyclable;
  }

  @Override
  public int size() {
    return data.length;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Returns the array to the backend's pool (when the backend allocated it). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (recyclable) {
      backend.recycle(data);
    }
  }

  /** The float array behind a CPU storage; throws a clear error for other backends' storage. */
  public static float[] data(Storage s) {
    if (s instanceof CpuStorage) {
      CpuStorage c = (CpuStorage) s;
      if (c.closed) {
        throw new IllegalStateException(
            "cpu backend: a buffer of " + c.data.length + " floats was used after close()");
      }
      return c.data;
    }
    if (s == null) {
      throw new IllegalArgumentException("cpu backend: a required buffer is null");
    }
    throw new IllegalArgumentException(
        "cpu backend: expected a cpu tensor, got one on device " + s.backend().device());
  }
}
