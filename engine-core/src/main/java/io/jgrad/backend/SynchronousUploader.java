package io.jgrad.backend;

import io.jgrad.backend.kernels.MemoryKernels;

/**
 * The default {@link HostUploader}: staging only remembers the array, and taking copies it with
 * {@link MemoryKernels#fromFloats} — the same single copy a plain upload makes, no staging buffer.
 */
final class SynchronousUploader implements HostUploader {
  private final MemoryKernels memory;

  SynchronousUploader(MemoryKernels memory) {
    this.memory = memory;
  }

  @Override
  public Pending stage(float[] data) {
    if (data == null) {
      throw new IllegalArgumentException("upload: data is null");
    }
    return new Pending() {
      private boolean done;

      @Override
      public Storage take() {
        if (done) {
          throw new IllegalStateException(
              "upload: a staged array of " + data.length + " floats was already taken or closed");
        }
        done = true;
        return memory.fromFloats(data);
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }
}
