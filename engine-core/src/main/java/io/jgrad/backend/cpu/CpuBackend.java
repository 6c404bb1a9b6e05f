package io.jgrad.backend.cpu;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.kernels.BlasKernels;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.kernels.CopyKernels;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.LossKernels;
import io.jgrad.backend.kernels.MemoryKernels;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.kernels.ReduceKernels;
import io.jgrad.backend.kernels.SoftmaxKernels;

/** The fast pure-Java CPU backend: float32 arrays, kernels split across {@link Parallel}. */
public final class CpuBackend implements Backend {
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

  /** Wraps {@code data} (not copied) as a storage of this backend. */
  public CpuStorage wrap(float[] data) {
    return new CpuStorage(this, data);
  }

  /** A new zero-filled storage. */
  public CpuStorage allocate(int size) {
    return new CpuStorage(this, new float[size]);
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
}
