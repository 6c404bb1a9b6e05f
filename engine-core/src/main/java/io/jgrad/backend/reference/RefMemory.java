package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.MemoryKernels;
import java.util.Arrays;

/** Allocation and host transfer for the reference backend: buffers are {@code double[]}. */
final class RefMemory implements MemoryKernels {
  private final RefBackend backend;

  RefMemory(RefBackend backend) {
    this.backend = backend;
  }

  /** A zero-filled buffer. */
  @Override
  public Storage zeros(int size) {
    checkSize("zeros", size);
    return backend.allocate(size);
  }

  /** A buffer filled with {@code value}, kept in full double precision. */
  @Override
  public Storage full(int size, double value) {
    checkSize("full", size);
    double[] out = new double[size];
    Arrays.fill(out, value);
    return backend.wrap(out);
  }

  /** Widens each float to double (exact). */
  @Override
  public Storage fromFloats(float[] data) {
    double[] out = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[i];
    }
    return backend.wrap(out);
  }

  /** Copies the doubles unchanged. */
  @Override
  public Storage fromDoubles(double[] data) {
    return backend.wrap(data.clone());
  }

  /** Rounds each element to the nearest float. */
  @Override
  public float[] toFloats(Storage s) {
    double[] d = RefStorage.data(s);
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /** A copy of the doubles. */
  @Override
  public double[] toDoubles(Storage s) {
    return RefStorage.data(s).clone();
  }

  /** A new buffer with the same contents. */
  @Override
  public Storage copy(Storage s) {
    return backend.wrap(RefStorage.data(s).clone());
  }

  /** Overwrites {@code dst} with {@code src}; both must have the same size. */
  @Override
  public void copyInto(Storage src, Storage dst) {
    double[] from = RefStorage.data(src);
    double[] to = RefStorage.data(dst);
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
