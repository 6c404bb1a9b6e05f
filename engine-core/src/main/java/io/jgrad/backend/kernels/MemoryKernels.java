package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/** Allocation and copies between the host and a backend. */
public interface MemoryKernels {
  /** A zero-filled buffer of {@code size} elements. */
  Storage zeros(int size);

  /** A buffer of {@code size} elements all equal to {@code value}. */
  Storage full(int size, double value);

  /** A buffer holding a copy of {@code data}. */
  Storage fromFloats(float[] data);

  /** A buffer holding a copy of {@code data} (rounded to float32 where the backend is float). */
  Storage fromDoubles(double[] data);

  /** The contents as float32 on the host. */
  float[] toFloats(Storage s);

  /** The contents as float64 on the host. */
  double[] toDoubles(Storage s);

  /** A new buffer with the same contents. */
  Storage copy(Storage s);

  /** Overwrites {@code dst} with {@code src} (same size). */
  void copyInto(Storage src, Storage dst);
}
