package io.jgrad.backend.cuda.runtime;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import jcuda.jcudnn.JCudnn;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceProp;

/**
 * One GPU as jgrad uses it: the device's primary context (shared by the runtime API, the driver API
 * that launches jgrad's own kernels, cuBLAS and cuDNN, so they all see the same memory), its
 * compute capability, and one {@link StreamContext} per thread (a stream with its own cuBLAS and
 * cuDNN handles, created on the thread's first use).
 */
public final class CudaContext {
  private final int device;
  private boolean closed; // guarded by this
  private volatile Runnable freeMemory = () -> {};
  private final CUcontext primary;
  private final int ccMajor;
  private final int ccMinor;
  private final String name;
  private final long totalBytes;
  private final PerThread<StreamContext> streams;

  private CudaContext(
      int device, CUcontext primary, int ccMajor, int ccMinor, String name, long totalBytes) {
    this.device = device;
    this.primary = primary;
    this.ccMajor = ccMajor;
    this.ccMinor = ccMinor;
    this.name = name;
    this.totalBytes = totalBytes;
    this.streams =
        new PerThread<>(
            () -> AllocationRetry.once(freeMemory, () -> StreamContext.create(this)),
            StreamContext::release);
  }

  /** Opens device {@code device}: selects it, retains its primary context, reads its traits. */
  public static CudaContext open(int device) {
    JCuda.setExceptionsEnabled(false);
    JCudaDriver.setExceptionsEnabled(false);
    JCudnn.setExceptionsEnabled(false);
    // cuBLAS and NVRTC are optional: NativePaths loads them only when they are used.
    CudaErrors.runtime(JCuda.cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    // cudaFree(NULL) makes the runtime create (or attach to) the device's primary context.
    CudaErrors.runtime(JCuda.cudaFree(new Pointer()), "initializing device " + device);
    CudaErrors.driver(JCudaDriver.cuInit(0), "cuInit");
    CUdevice dev = new CUdevice();
    CudaErrors.driver(JCudaDriver.cuDeviceGet(dev, device), "cuDeviceGet(" + device + ")");
    CUcontext ctx = new CUcontext();
    CudaErrors.driver(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
    CudaErrors.driver(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
    int[] major = {0};
    int[] minor = {0};
    CudaErrors.driver(
        JCudaDriver.cuDeviceGetAttribute(
            major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
        "reading the compute capability");
    CudaErrors.driver(
        JCudaDriver.cuDeviceGetAttribute(
            minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
        "reading the compute capability");
    cudaDeviceProp prop = new cudaDeviceProp();
    CudaErrors.runtime(JCuda.cudaGetDeviceProperties(prop, device), "cudaGetDeviceProperties");
    return new CudaContext(device, ctx, major[0], minor[0], prop.getName(), prop.totalGlobalMem);
  }

  /**
   * The calling thread's stream and library handles, created on first use (which first releases
   * those of threads that have ended).
   */
  public StreamContext current() {
    return streams.current();
  }

  /**
   * What to run when creating a thread's handles fails for memory before the one retry (the backend
   * empties its pool's cache).
   */
  public void onAllocationFailure(Runnable freeCache) {
    this.freeMemory = freeCache;
  }

  /** Releases the streams, handles and buffers of threads that have ended; returns how many. */
  public int releaseEndedThreads() {
    return streams.reap();
  }

  /**
   * Releases every thread's stream, handles, buffers and attachments (waiting for their work) and
   * the device's primary context. Call it when no thread uses the device any more. Idempotent.
   */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    makeCurrent();
    streams.close();
    CudaErrors.driver(
        JCudaDriver.cuDevicePrimaryCtxRelease(deviceHandle()), "cuDevicePrimaryCtxRelease");
  }

  private CUdevice deviceHandle() {
    CUdevice dev = new CUdevice();
    CudaErrors.driver(JCudaDriver.cuDeviceGet(dev, device), "cuDeviceGet(" + device + ")");
    return dev;
  }

  /** Makes this device and its primary context current on the calling thread. */
  void makeCurrent() {
    CudaErrors.runtime(JCuda.cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    CudaErrors.driver(JCudaDriver.cuCtxSetCurrent(primary), "cuCtxSetCurrent");
  }

  /** Free and total device memory in bytes, {@code {free, total}}. */
  public long[] memoryInfo() {
    current();
    long[] free = {0};
    long[] total = {0};
    CudaErrors.runtime(JCuda.cudaMemGetInfo(free, total), "cudaMemGetInfo");
    return new long[] {free[0], total[0]};
  }

  /** Waits for the work queued on every thread's stream. */
  public void synchronizeAll() {
    current();
    for (StreamContext sc : streams.all()) {
      sc.synchronize("synchronizing all streams");
    }
  }

  /** The CUDA device ordinal. */
  public int device() {
    return device;
  }

  /** Compute capability major version. */
  public int computeMajor() {
    return ccMajor;
  }

  /** Compute capability minor version. */
  public int computeMinor() {
    return ccMinor;
  }

  /** The device name, e.g. {@code "NVIDIA GeForce RTX 3060"}. */
  public String name() {
    return name;
  }

  /** Device memory in bytes. */
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public String toString() {
    return "cuda:"
        + device
        + " ("
        + name
        + ", sm_"
        + ccMajor
        + ccMinor
        + ", "
        + totalBytes / (1 << 20)
        + " MiB)";
  }
}
