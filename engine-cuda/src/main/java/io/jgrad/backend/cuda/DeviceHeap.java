package io.jgrad.backend.cuda;

import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;

/**
 * The raw device memory operations under {@link CachingAllocator}, an interface so the pooling
 * logic is tested without a GPU.
 */
public interface DeviceHeap {
  /** {@code bytes} of fresh device memory, or null when the device is out of memory. */
  Pointer malloc(long bytes);

  /** Returns memory from {@link #malloc} to the device. */
  void free(Pointer p);

  /** Waits for the work queued on {@code stream}. */
  void synchronize(cudaStream_t stream);

  /** Waits for all work on the device. */
  void synchronizeDevice();
}
