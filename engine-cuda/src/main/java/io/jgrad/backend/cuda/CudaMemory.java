package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.MemoryKernels;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;

/**
 * Allocation and host transfer. Host copies go through the thread's pinned staging buffer and wait
 * for the stream; everything else is queued.
 */
final class CudaMemory implements MemoryKernels {
  private final CudaBackend backend;

  CudaMemory(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage zeros(int size) {
    checkSize("zeros", size);
    CudaStorage out = backend.allocate(size);
    if (size > 0) {
      StreamContext sc = backend.stream();
      CudaErrors.runtime(
          JCuda.cudaMemsetAsync(out.pointer(sc), 0, 4L * size, sc.stream()),
          "zeros(" + size + ") (cudaMemsetAsync)");
    }
    return out;
  }

  @Override
  public Storage full(int size, double value) {
    checkSize("full", size);
    CudaStorage out = backend.allocate(size);
    fill(out, (float) value, "full(" + size + ", " + value + ")");
    return out;
  }

  /** Sets every element of {@code s} to {@code value}. */
  void fill(CudaStorage s, float value, String what) {
    if (s.size() == 0) {
      return;
    }
    StreamContext sc = backend.stream();
    Launch.args()
        .ptr(s.pointer(sc))
        .f(value)
        .i(s.size())
        .run(
            sc,
            backend.kernels().function("elementwise.cu", "fill_f32"),
            Launch.blocks(s.size()),
            Launch.THREADS,
            0,
            what);
  }

  @Override
  public Storage fromFloats(float[] data) {
    CudaStorage out = backend.allocate(data.length);
    StreamContext sc = backend.stream();
    sc.staging().upload(data, out.pointer(sc), sc.stream());
    return out;
  }

  @Override
  public Storage fromDoubles(double[] data) {
    float[] f = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      f[i] = (float) data[i];
    }
    return fromFloats(f);
  }

  @Override
  public float[] toFloats(Storage s) {
    CudaStorage src = CudaStorage.of(s, "toFloats");
    float[] out = new float[src.size()];
    StreamContext sc = backend.stream();
    sc.staging().download(src.pointer(sc), out, sc.stream());
    CudaStorage.keepAlive(src);
    return out;
  }

  @Override
  public double[] toDoubles(Storage s) {
    float[] f = toFloats(s);
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }

  @Override
  public Storage copy(Storage s) {
    CudaStorage src = CudaStorage.of(s, "copy");
    CudaStorage out = backend.allocate(src.size());
    deviceCopy(src, out, "copy");
    return out;
  }

  @Override
  public void copyInto(Storage src, Storage dst) {
    CudaStorage from = CudaStorage.of(src, "copyInto source");
    CudaStorage to = CudaStorage.of(dst, "copyInto destination");
    if (from.size() != to.size()) {
      throw new IllegalArgumentException(
          "copyInto: source has " + from.size() + " elements but destination has " + to.size());
    }
    deviceCopy(from, to, "copyInto");
  }

  private void deviceCopy(CudaStorage from, CudaStorage to, String what) {
    if (from.size() == 0) {
      return;
    }
    StreamContext sc = backend.stream();
    CudaErrors.runtime(
        JCuda.cudaMemcpyAsync(
            to.pointer(sc),
            from.pointer(sc),
            4L * from.size(),
            cudaMemcpyKind.cudaMemcpyDeviceToDevice,
            sc.stream()),
        what + " of " + from.size() + " floats (cudaMemcpyAsync)");
    CudaStorage.keepAlive(from, to);
  }

  private static void checkSize(String op, int size) {
    if (size < 0) {
      throw new IllegalArgumentException(op + ": size must be >= 0, got " + size);
    }
  }
}
