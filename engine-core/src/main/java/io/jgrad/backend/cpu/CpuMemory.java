package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.MemoryKernels;
import java.util.Arrays;

/** Allocation and host transfer for the CPU backend: buffers are {@code float[]}. */
final class CpuMemory implements MemoryKernels {
  private final CpuBackend backend;

  CpuMemory(CpuBackend backend) {
    this.backend = backend;
  }

  /** A zero-filled buffer. */
  @Override
  public Storage zeros(int size) {
    checkSize("zeros", size);
    return backend.allocate(size);
  }

  /** A buffer filled with {@code value} rounded to float. */
  @Override
  public Storage full(int size, double value) {
    checkSize("full", size);
    CpuStorage out = backend.uninitialized(size);
    Arrays.fill(out.data, (float) value);
    return out;
  }

  /** A copy of the floats. */
  @Override
  public Storage fromFloats(float[] data) {
    CpuStorage out = backend.uninitialized(data.length);
    System.arraycopy(data, 0, out.data, 0, data.length);
    return out;
  }

  /** Rounds each double to the nearest float. */
  @Override
  public Storage fromDoubles(double[] data) {
    CpuStorage out = backend.uninitialized(data.length);
    for (int i = 0; i < data.length; i++) {
      out.data[i] = (float) data[i];
    }
    return out;
  }

  /** A copy of the floats. */
  @Override
  public float[] toFloats(Storage s) {
    return CpuStorage.data(s).clone();
  }

  /** Widens each float to double (exact). */
  @Override
  public double[] toDoubles(Storage s) {
    float[] d = CpuStorage.data(s);
    double[] out = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = d[i];
    }
    return out;
  }

  /** A new buffer with the same contents. */
  @Override
  public Storage copy(Storage s) {
    float[] from = CpuStorage.data(s);
    CpuStorage out = backend.uninitialized(from.length);
    System.arraycopy(from, 0, out.data, 0, from.length);
    return out;
  }

  /** Overwrites {@code dst} with {@code src}; both must have the same size. */
  @Override
  public void copyInto(Storage src, Storage dst) {
    float[] from = CpuStorage.data(src);
    float[] to = CpuStorage.data(dst);
    if (from.length != to.length) {
      throw new IllegalArgumentException(
          "copyInto: source has " + from.length + " elements but destination has " + to.length);
    }
    System.arraycopy(from, 0, to, 0, from.length);
  }

  private static void checkSize(String op, int size) {
    if (size < 0) {
      throw new IllegalArgumentException(op + ": size must be >= 0, got " + size);
    }
  }
}
