package io.jgrad.backend;

/**
 * A flat buffer of {@link #size()} numbers owned by one backend. Kernels create and read storages;
 * tensors hold them. Closing a storage hands its memory back to the backend early (device memory,
 * pooled buffers); the garbage collector is the safety net.
 */
public interface Storage extends AutoCloseable {
  /** Number of elements. */
  int size();

  /** The backend that owns this buffer. */
  Backend backend();

  /** Releases the memory now. Using the storage afterwards is an error. Idempotent. */
  @Override
  default void close() {}
}
