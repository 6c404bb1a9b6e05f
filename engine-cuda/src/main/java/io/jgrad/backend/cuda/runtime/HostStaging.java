package io.jgrad.backend.cuda.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;
import jcuda.runtime.cudaStream_t;

/**
 * A pinned (page-locked) host buffer through which one thread copies arrays to and from the device:
 * the copy runs at full bus speed on the thread's stream and a Java array is never handed to the
 * driver directly. The buffer grows to the largest transfer up to {@link #MAX_BYTES}; larger
 * transfers wait for the stream and use a plain synchronous copy.
 */
public final class HostStaging {
  /** The largest pinned buffer kept per thread. */
  public static final long MAX_BYTES = 64L << 20;

  private Pointer host;
  private ByteBuffer buffer;
  private long capacity;

  HostStaging() {}

  /** Copies {@code src} to device memory {@code dst}; returns once the copy is done. */
  public void upload(float[] src, Pointer dst, cudaStream_t stream) {
    long bytes = 4L * src.length;
    if (bytes == 0) {
      return;
    }
    if (bytes > MAX_BYTES) {
      syncCopy(dst, Pointer.to(src), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream);
      return;
    }
    ensure(bytes).asFloatBuffer().put(src);
    copy(dst, host, bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream, "upload");
  }

  /** Copies {@code src} to device memory {@code dst}; returns once the copy is done. */
  public void upload(int[] src, Pointer dst, cudaStream_t stream) {
    long bytes = 4L * src.length;
    if (bytes == 0) {
      return;
    }
    if (bytes > MAX_BYTES) {
      syncCopy(dst, Pointer.to(src), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream);
      return;
    }
    ensure(bytes).asIntBuffer().put(src);
    copy(dst, host, bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream, "upload");
  }

  /** Copies {@code dst.length} floats from device memory {@code src} into {@code dst}. */
  public void download(Pointer src, float[] dst, cudaStream_t stream) {
    long bytes = 4L * dst.length;
    if (bytes == 0) {
      return;
    }
    if (bytes > MAX_BYTES) {
      syncCopy(Pointer.to(dst), src, bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost, stream);
      return;
    }
    ByteBuffer b = ensure(bytes);
    copy(host, src, bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost, stream, "download");
    b.asFloatBuffer().get(dst);
  }

  private static void copy(
      Pointer dst, Pointer src, long bytes, int kind, cudaStream_t stream, String what) {
    CudaErrors.runtime(
        JCuda.cudaMemcpyAsync(dst, src, bytes, kind, stream),
        "host " + what + " of " + bytes + " bytes (cudaMemcpyAsync)");
    CudaErrors.runtime(
        JCuda.cudaStreamSynchronize(stream), "host " + what + " of " + bytes + " bytes");
  }

  private static void syncCopy(Pointer dst, Pointer src, long bytes, int kind, cudaStream_t s) {
    // The legacy default stream does not wait for a non-blocking stream: drain it first.
    CudaErrors.runtime(JCuda.cudaStreamSynchronize(s), "large host transfer");
    CudaErrors.runtime(
        JCuda.cudaMemcpy(dst, src, bytes, kind), "host transfer of " + bytes + " bytes");
  }

  /** The pinned buffer, at least {@code bytes} long, positioned at 0 and in native order. */
  private ByteBuffer ensure(long bytes) {
    if (bytes > capacity) {
      release();
      long size = Math.min(MAX_BYTES, Math.max(bytes, Math.min(MAX_BYTES, 2 * capacity)));
      Pointer p = new Pointer();
      CudaErrors.runtime(
          JCuda.cudaMallocHost(p, size), "allocating " + size + " bytes of pinned host memory");
      host = p;
      capacity = size;
      buffer = p.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }
    buffer.clear();
    return buffer;
  }

  /** Frees the pinned buffer. */
  void release() {
    if (host != null) {
      JCuda.cudaFreeHost(host);
      host = null;
      buffer = null;
      capacity = 0;
    }
  }
}
