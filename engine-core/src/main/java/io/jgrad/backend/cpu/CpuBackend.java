package io.jgrad.backend.cpu;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.kernels.BlasKernels;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.kernels.CopyKernels;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.kernels.IndexKernels;
import io.jgrad.backend.kernels.LossKernels;
import io.jgrad.backend.kernels.MemoryKernels;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.kernels.PointwiseKernels;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.kernels.ReduceKernels;
import io.jgrad.backend.kernels.SoftmaxKernels;
import java.util.Arrays;

/**
 * The fast pure-Java CPU backend: float32 arrays, kernels split across {@link Parallel}. Buffers
 * come from a pool that closed storages return their arrays to ({@link ArrayPool}).
 */
public final class CpuBackend implements Backend {
  private final VectorOps ops;
  private final CpuMemory memory = new CpuMemory(this);
  private final CpuElementwise elementwise = new CpuElementwise(this);
  private final CpuCopy copy = new CpuCopy(this);
  private final CpuReduce reduce = new CpuReduce(this);
  private final CpuBlas blas = new CpuBlas(this);
  private final CpuConv conv = new CpuConv(this);
  private final CpuPool pool = new CpuPool(this);
  private final CpuNorm norm = new CpuNorm(this);
  private final CpuDropout dropout = new CpuDropout(this);
  private final CpuSoftmax softmax = new CpuSoftmax(this);
  private final CpuLoss loss = new CpuLoss(this);
  private final CpuOptim optim = new CpuOptim(this);
  private final CpuImage image = new CpuImage(this);
  private final CpuPointwise pointwise = new CpuPointwise(this);
  private final CpuIndex index = new CpuIndex(this);

  private final ArrayPool buffers = new ArrayPool(ArrayPool.defaultCapFloats());
  private volatile boolean pooling = true;

  /** A backend with the best inner loops this JVM can run ({@link Vectorization}). */
  public CpuBackend() {
    this(Vectorization.best());
  }

  /** A backend on the given inner loops (tests run both implementations). */
  CpuBackend(VectorOps ops) {
    this.ops = ops;
  }

  /** The inner loops the kernels use. */
  VectorOps ops() {
    return ops;
  }

  /**
   * Wraps {@code data} (not copied) as a storage of this backend. The caller keeps the array:
   * closing the storage never recycles it.
   */
  public CpuStorage wrap(float[] data) {
    return new CpuStorage(this, data, false);
  }

  /** A new zero-filled storage (a recycled array when one of the size is free). */
  public CpuStorage allocate(int size) {
    float[] a = pooling ? buffers.take(size) : null;
    if (a == null) {
      return new CpuStorage(this, new float[size], true);
    }
    Arrays.fill(a, 0f);
    return new CpuStorage(this, a, true);
  }

  /**
   * A new storage with unspecified contents, for kernels that overwrite every element: a recycled
   * array when one of the size is free, so nothing is zero-filled twice.
   */
  CpuStorage uninitialized(int size) {
    float[] a = pooling ? buffers.take(size) : null;
    return new CpuStorage(this, a == null ? new float[size] : a, true);
  }

  /** Wraps an array a kernel just allocated and hands over: recycled when the storage closes. */
  CpuStorage adopt(float[] fresh) {
    return new CpuStorage(this, fresh, true);
  }

  /** Takes back the array of a closed storage. */
  void recycle(float[] data) {
    if (pooling) {
      buffers.give(data);
    }
  }

  /**
   * Turns the buffer pool off or back on (it is on by default). Off, the pool is emptied, every
   * buffer is a newly allocated array and closed storages leave theirs to the garbage collector.
   * The pool only saves allocations: results are the same bits either way (tests train with and
   * without it to prove that).
   */
  public void setPooling(boolean on) {
    pooling = on;
    if (!on) {
      buffers.clear();
    }
  }

  /** Whether closed storages' arrays are recycled ({@link #setPooling}). */
  public boolean pooling() {
    return pooling;
  }

  /** Floats held by the buffer pool right now (for tests and diagnostics). */
  public long pooledFloats() {
    return buffers.pooledFloats();
  }

  /**
   * Floats of poolable size the pool could not supply so far (each a newly allocated, zeroed
   * array): in a steady training loop this grows by the step's buffers that are never closed.
   */
  public long missedFloats() {
    return buffers.missedFloats();
  }

  /** Drops every pooled buffer (they become garbage). */
  public void clearPool() {
    buffers.clear();
  }

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public MemoryKernels memory() {
    return memory;
  }

  @Override
  public ElementwiseKernels elementwise() {
    return elementwise;
  }

  @Override
  public CopyKernels copy() {
    return copy;
  }

  @Override
  public ReduceKernels reduce() {
    return reduce;
  }

  @Override
  public BlasKernels blas() {
    return blas;
  }

  @Override
  public ConvKernels conv() {
    return conv;
  }

  @Override
  public PoolKernels pool() {
    return pool;
  }

  @Override
  public NormKernels norm() {
    return norm;
  }

  @Override
  public DropoutKernels dropout() {
    return dropout;
  }

  @Override
  public SoftmaxKernels softmax() {
    return softmax;
  }

  @Override
  public LossKernels loss() {
    return loss;
  }

  @Override
  public OptimKernels optim() {
    return optim;
  }

  @Override
  public ImageKernels image() {
    return image;
  }

  @Override
  public PointwiseKernels pointwise() {
    return pointwise;
  }

  @Override
  public IndexKernels index() {
    return index;
  }
}
