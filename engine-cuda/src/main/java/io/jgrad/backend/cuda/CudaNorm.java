package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.cudnn.CudnnConst;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;

/**
 * Batch normalization in cuDNN's spatial mode over the view {@code [N, C, H*W, 1]}. Training saves
 * the batch mean and inverse standard deviation for the backward pass and updates the running
 * statistics with factor = momentum and the unbiased variance (PyTorch's rule). A non-affine layer
 * uses cached unit scale and zero shift. The evaluation-mode backward, which cuDNN lacks, runs in
 * {@code norm.cu}; a fused ReLU is applied by {@link CudaNormRelu}.
 */
final class CudaNorm extends CudaNormRelu {
  private final CudaBackend backend;
  private final Map<Integer, CudaStorage> ones = new ConcurrentHashMap<>();
  private final Map<Integer, CudaStorage> zeros = new ConcurrentHashMap<>();

  CudaNorm(CudaBackend backend) {
    super(backend);
    this.backend = backend;
  }

  @Override
  public TrainResult forwardTraining(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p) {
    Args a = new Args("batch_norm forward (training)", p, input, weight, bias);
    CudaStorage rm = CudaStorage.ofNullable(runningMean, a.what + " running_mean");
    CudaStorage rv = CudaStorage.ofNullable(runningVar, a.what + " running_var");
    if ((rm == null) != (rv == null)) {
      throw new IllegalArgumentException(
          a.what + ": running_mean and running_var must both be given or both be null");
    }
    a.checkChannels("running_mean", rm);
    a.checkChannels("running_var", rv);
    CudaStorage y = backend.allocate(p.size());
    CudaStorage mean = backend.allocate(p.channels());
    CudaStorage invStd = backend.allocate(p.channels());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnBatchNormalizationForwardTraining(
            sc.cudnn(),
            CudnnConst.BATCHNORM_SPATIAL,
            CudaBackend.ONE,
            CudaBackend.ZERO,
            a.x.get(),
            a.in.pointer(sc),
            a.x.get(),
            y.pointer(sc),
            a.c.get(),
            a.scale.pointer(sc),
            a.shift.pointer(sc),
            p.momentum(),
            rm == null ? new Pointer() : rm.pointer(sc),
            rv == null ? new Pointer() : rv.pointer(sc),
            p.eps(),
            mean.pointer(sc),
            invStd.pointer(sc)),
        a.what + " (cudnnBatchNormalizationForwardTraining)");
    CudaStorage.keepAlive(a, rm, rv);
    reluInPlace(y, p, a.what);
    return new TrainResult(y, mean, invStd);
  }

  @Override
  public Storage forwardInference(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p) {
    Args a = new Args("batch_norm forward (evaluation)", p, input, weight, bias);
    CudaStorage rm = CudaStorage.of(runningMean, a.what + " running_mean");
    CudaStorage rv = CudaStorage.of(runningVar, a.what + " running_var");
    a.checkChannels("running_mean", rm);
    a.checkChannels("running_var", rv);
    CudaStorage y = backend.allocate(p.size());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnBatchNormalizationForwardInference(
            sc.cudnn(),
            CudnnConst.BATCHNORM_SPATIAL,
            CudaBackend.ONE,
            CudaBackend.ZERO,
            a.x.get(),
            a.in.pointer(sc),
            a.x.get(),
            y.pointer(sc),
            a.c.get(),
            a.scale.pointer(sc),
            a.shift.pointer(sc),
            rm.pointer(sc),
            rv.pointer(sc),
            p.eps()),
        a.what + " (cudnnBatchNormalizationForwardInference)");
    CudaStorage.keepAlive(a, rm, rv);
    reluInPlace(y, p, a.what);
    return y;
  }

  @Override
  public Grads backwardTraining(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad) {
    Args a =
        new Args(
            "batch_norm backward (training)", NormKernels.requirePlain(p), input, weight, null);
    CudaStorage dy = CudaStorage.of(gradOut, a.what + " gradOut");
    CudaStorage mean = CudaStorage.of(saveMean, a.what + " saved mean");
    CudaStorage invStd = CudaStorage.of(saveInvStd, a.what + " saved inverse std");
    a.checkSize("gradOut", dy.size(), p.size());
    a.checkChannels("saved mean", mean);
    a.checkChannels("saved inverse std", invStd);
    CudaStorage dx = backend.allocate(p.size());
    CudaStorage dw = backend.allocate(p.channels());
    CudaStorage db = backend.allocate(p.channels());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnBatchNormalizationBackward(
            sc.cudnn(),
            CudnnConst.BATCHNORM_SPATIAL,
            CudaBackend.ONE,
            CudaBackend.ZERO,
            CudaBackend.ONE,
            CudaBackend.ZERO,
            a.x.get(),
            a.in.pointer(sc),
            a.x.get(),
            dy.pointer(sc),
            a.x.get(),
            dx.pointer(sc),
            a.c.get(),
            a.scale.pointer(sc),
            dw.pointer(sc),
            db.pointer(sc),
            p.eps(),
            mean.pointer(sc),
            invStd.pointer(sc)),
        a.what + " (cudnnBatchNormalizationBackward)");
    CudaStorage.keepAlive(a, dy, mean, invStd);
    return new Grads(keepIf(needsGrad[0], dx), keepIf(needsGrad[1], dw), keepIf(needsGrad[2], db));
  }

  @Override
  public Grads backwardInference(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    Args a =
        new Args(
            "batch_norm backward (evaluation)", NormKernels.requirePlain(p), input, weight, null);
    CudaStorage dy = CudaStorage.of(gradOut, a.what + " gradOut");
    CudaStorage rm = CudaStorage.of(runningMean, a.what + " running_mean");
    CudaStorage rv = CudaStorage.of(runningVar, a.what + " running_var");
    a.checkSize("gradOut", dy.size(), p.size());
    a.checkChannels("running_mean", rm);
    a.checkChannels("running_var", rv);
    CudaStorage w = CudaStorage.ofNullable(weight, a.what + " weight");
    StreamContext sc = backend.stream();
    CudaStorage dx = needsGrad[0] ? backend.allocate(p.size()) : null;
    if (dx != null) {
      Launch.args()
          .ptr(dy.pointer(sc))
          .ptr(w == null ? new Pointer() : w.pointer(sc))
          .ptr(rv.pointer(sc))
          .ptr(dx.pointer(sc))
          .i(p.size())
          .i(p.channels())
          .i(p.spatial())
          .d(p.eps())
          .run(
              sc,
              backend.kernels().function("norm.cu", "bn_infer_backward_input"),
              Launch.blocks(p.size()),
              Launch.THREADS,
              0,
              a.what + " input gradient");
    }
    CudaStorage dw = needsGrad[1] ? backend.allocate(p.channels()) : null;
    CudaStorage db = needsGrad[2] ? backend.allocate(p.channels()) : null;
    if (dw != null || db != null) {
      Launch.args()
          .ptr(dy.pointer(sc))
          .ptr(a.in.pointer(sc))
          .ptr(rm.pointer(sc))
          .ptr(rv.pointer(sc))
          .ptr(dw == null ? new Pointer() : dw.pointer(sc))
          .ptr(db == null ? new Pointer() : db.pointer(sc))
          .i(p.batch())
          .i(p.channels())
          .i(p.spatial())
          .d(p.eps())
          .run(
              sc,
              backend.kernels().function("norm.cu", "bn_infer_backward_params"),
              Math.min(p.channels(), Launch.MAX_BLOCKS),
              Launch.THREADS,
              0,
              a.what + " parameter gradients");
    }
    CudaStorage.keepAlive(a, dy, rm, rv, w);
    return new Grads(dx, dw, db);
  }

  private static Storage keepIf(boolean needed, CudaStorage s) {
    if (needed) {
      return s;
    }
    s.close();
    return null;
  }

  /** Validated inputs and descriptors shared by the four entry points. */
  private final class Args {
    final String what;
    final BatchNormParams p;
    final CudaStorage in;
    final CudaStorage scale;
    final CudaStorage shift;
    final TensorDesc x;
    final TensorDesc c;

    Args(String op, BatchNormParams p, Storage input, Storage weight, Storage bias) {
      this.what = op + " for [N=" + p.batch() + ", C=" + p.channels() + ", HW=" + p.spatial() + "]";
      this.p = p;
      this.in = CudaStorage.of(input, what + " input");
      checkSize("input", in.size(), p.size());
      CudaStorage w = CudaStorage.ofNullable(weight, what + " weight");
      CudaStorage b = CudaStorage.ofNullable(bias, what + " bias");
      checkChannels("weight", w);
      checkChannels("bias", b);
      this.scale = w != null ? w : constant(ones, p.channels(), 1.0);
      this.shift = b != null ? b : constant(zeros, p.channels(), 0.0);
      this.x = backend.tensorDesc(CudnnShapes.batchNormDims(p.batch(), p.channels(), p.spatial()));
      this.c = backend.tensorDesc(CudnnShapes.perChannelDims(p.channels()));
    }

    void checkChannels(String name, CudaStorage s) {
      if (s != null) {
        checkSize(name, s.size(), p.channels());
      }
    }

    void checkSize(String name, int actual, int expected) {
      if (actual != expected) {
        throw new IllegalArgumentException(
            what + ": " + name + " has " + actual + " elements, expected " + expected);
      }
    }
  }

  private CudaStorage constant(Map<Integer, CudaStorage> cache, int channels, double value) {
    return cache.computeIfAbsent(channels, c -> (CudaStorage) backend.memory().full(c, value));
  }
}
