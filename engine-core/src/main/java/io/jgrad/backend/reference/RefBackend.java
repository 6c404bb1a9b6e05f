package io.jgrad.backend.reference;

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

/**
 * The reference backend: every kernel in the plainest loops, in double precision. It is the
 * readable specification of each kernel, the oracle fast kernels are tested against, and the
 * backend gradient checks run on.
 */
public final class RefBackend implements Backend {
  private final RefMemory memory = new RefMemory(this);
  private final RefElementwise elementwise = new RefElementwise(this);
  private final RefCopy copy = new RefCopy(this);
  private final RefReduce reduce = new RefReduce(this);
  private final RefBlas blas = new RefBlas(this);
  private final RefConv conv = new RefConv(this);
  private final RefPool pool = new RefPool(this);
  private final RefNorm norm = new RefNorm(this);
  private final RefDropout dropout = new RefDropout(this);
  private final RefSoftmax softmax = new RefSoftmax(this);
  private final RefLoss loss = new RefLoss(this);
  private final RefOptim optim = new RefOptim(this);
  private final RefImage image = new RefImage(this);
  private final RefPointwise pointwise = new RefPointwise(this);
  private final RefIndex index = new RefIndex(this);

  /** Wraps {@code data} (not copied) as a storage of this backend. */
  public RefStorage wrap(double[] data) {
    return new RefStorage(this, data);
  }

  /** A new zero-filled storage. */
  public RefStorage allocate(int size) {
    return new RefStorage(this, new double[size]);
  }

  @Override
  public Device device() {
    return Device.REFERENCE;
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
