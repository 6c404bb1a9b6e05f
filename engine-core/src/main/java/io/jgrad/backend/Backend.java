package io.jgrad.backend;

import io.jgrad.Device;
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
 * A device's kernels, one interface per family. This is the whole contract a backend implements;
 * every differentiable op is written against it and never against a concrete backend.
 */
public interface Backend {
  /** The device this backend computes on. */
  Device device();

  /** Allocation and host transfer. */
  MemoryKernels memory();

  /** Unary and binary element-wise maps. */
  ElementwiseKernels elementwise();

  /** Broadcast copies. */
  CopyKernels copy();

  /** Sums over axes. */
  ReduceKernels reduce();

  /** Matrix products. */
  BlasKernels blas();

  /** 2-D convolution. */
  ConvKernels conv();

  /** Max, average and adaptive average pooling. */
  PoolKernels pool();

  /** Batch normalization. */
  NormKernels norm();

  /** Dropout masks. */
  DropoutKernels dropout();

  /** Softmax and log-softmax. */
  SoftmaxKernels softmax();

  /** Negative log-likelihood. */
  LossKernels loss();

  /** Fused optimizer updates, in place. */
  OptimKernels optim();

  /** Image transforms for augmentation (rotation). */
  ImageKernels image();

  /**
   * Parameterised element-wise maps (sigmoid, tanh, GELU, clamp, pow, ...), comparisons and
   * selection. The default throws: a backend without them cannot run those ops.
   */
  default PointwiseKernels pointwise() {
    throw new UnsupportedOperationException(
        "backend "
            + device()
            + " has no pointwise kernels (sigmoid, tanh, gelu, clamp, pow, where)");
  }

  /**
   * Strided copies (transpose, permute, slicing, concatenation) and arg-max along an axis. The
   * default throws: a backend without them cannot run those ops.
   */
  default IndexKernels index() {
    throw new UnsupportedOperationException(
        "backend "
            + device()
            + " has no index kernels (transpose, permute, narrow, select, cat, max over a dim)");
  }

  /**
   * A new uploader of host arrays for the calling thread; the caller closes it. The default copies
   * synchronously ({@link HostUploader#synchronous}); device backends override it to overlap copies
   * with compute.
   */
  default HostUploader newUploader() {
    return HostUploader.synchronous(memory());
  }
}
