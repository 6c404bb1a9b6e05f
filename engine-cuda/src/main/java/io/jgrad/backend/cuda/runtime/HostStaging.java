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
 * transfers go through it in chunks of at most that size ({@link #chunkLengths}), each copied on
 * the thread's stream and waited for before the buffer is refilled.
 *
 * <p>(There is no pageable path: a {@code cudaMemcpy} from pageable memory "will return once the
 * pageable buffer has been copied to the staging memory for DMA transfer to device memory, but the
 * DMA to final destination may not have completed" (CUDA runtime API, "API synchronization
 * behavior"), and it runs on the legacy stream, which jgrad's non-blocking streams do not wait
 * for.)
 */
public final class HostStaging {
  /** The largest pinned buffer kept per thread (a multiple of 4 bytes). */
  public static final long MAX_BYTES = 64L << 20;

  private Pointer host;
  private ByteBuffer buffer;
  private long capacity;

  HostStaging() {}

  /**
   * The lengths of the chunks a transfer of {@code bytes} makes through a buffer of {@code
   * chunkBytes}: full chunks, then the rest; none for 0 bytes.
   */
  public static long[] chunkLengths(long bytes, long chunkBytes) {
    if (bytes < 0 || chunkBytes <= 0 || chunkBytes % 4 != 0) {
      throw new IllegalArgumentException(
          "staging: cannot split " + bytes + " bytes into chunks of " + chunkBytes);
    }
    long n = (bytes + chunkBytes - 1) / chunkBytes;
    long[] out = new long[Math.toIntExact(n)];
    for (int i = 0; i < n; i++) {
      out[i] = Math.min(chunkBytes, bytes - i * chunkBytes);
    }
    return out;
  }

  /** Copies {@code src} to device memory {@code dst}; returns once the copy is done. */
  public void upload(float[] src, Pointer dst, cudaStream_t stream) {
    long offset = 0;
    for (long len : chunkLengths(4L * src.length, MAX_BYTES)) {
      ensure(len).asFloatBuffer().put(src, (int) (offset / 4), (int) (len / 4));
      copy(dst.withByteOffset(offset), host, len, H2D, stream, "upload");
      offset += len;
    }
  }

  /** Copies {@code src} to device memory {@code dst}; returns once the copy is done. */
  public void upload(int[] src, Pointer dst, cudaStream_t stream) {
    long offset = 0;
    for (long len : chunkLengths(4L * src.length, MAX_BYTES)) {
      ensure(len).asIntBuffer().put(src, (int) (offset / 4), (int) (len / 4));
      copy(dst.withByteOffset(offset), host, len, H2D, stream, "upload");
      offset += len;
    }
  }

  /** Copies {@code dst.length} floats from device memory {@code src} into {@code dst}. */
  public void download(Pointer src, float[] dst, cudaStream_t stream) {
    long offset = 0;
    for (long len : chunkLengths(4L * dst.length, MAX_BYTES)) {
      ByteBuffer b = ensure(len);
      copy(host, src.withByteOffset(offset), len, D2H, stream, "download");
      b.asFloatBuffer().get(dst, (int) (offset / 4), (int) (len / 4));
      offset += len;
    }
  }

  private static final int H2D = cudaMemcpyKind.cudaMemcpyHostToDevice;
  private static final int D2H = cudaMemcpyKind.cudaMemcpyDeviceToHost;

  private static void copy(
      Pointer dst, Pointer src, long bytes, int kind, cudaStream_t stream, String what) {
    CudaErrors.runtime(
        JCuda.cudaMemcpyAsync(dst, src, bytes, kind, stream),
        "host " + what + " of " + bytes + " bytes (cudaMemcpyAsync)");
    CudaErrors.runtime(
        JCuda.cudaStreamSynchronize(stream), "host " + what + " of " + bytes + " bytes");
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
