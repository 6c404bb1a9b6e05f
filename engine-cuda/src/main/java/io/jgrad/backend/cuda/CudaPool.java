package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.PoolDesc;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.Pool2dParams;
import jcuda.jcudnn.JCudnn;

/**
 * Pooling. Max pooling forward and backward and average pooling forward run in cuDNN (deterministic
 * max, NaN-propagating). Average backward and adaptive average pooling use {@code pool.cu}: the
 * contract's average backward receives neither input nor output, which cuDNN's backward call
 * requires, and adaptive bins can overlap.
 */
final class CudaPool implements PoolKernels {
  private static final String FILE = "pool.cu";

  private final CudaBackend backend;
  private final DescCache<Pool2dParams, PoolDesc> maxDescs;
  private final DescCache<Pool2dParams, PoolDesc> avgDescs;

  CudaPool(CudaBackend backend) {
    this.backend = backend;
    this.maxDescs = new DescCache<>(p -> new PoolDesc(p, true));
    this.avgDescs = new DescCache<>(p -> new PoolDesc(p, false));
  }

  @Override
  public Storage maxForward(Storage input, Pool2dParams p) {
    return forward(CudaStorage.of(input, "max_pool2d forward input"), p, true);
  }

  @Override
  public Storage avgForward(Storage input, Pool2dParams p) {
    return forward(CudaStorage.of(input, "avg_pool2d forward input"), p, false);
  }

  private Storage forward(CudaStorage x, Pool2dParams p, boolean max) {
    String what = (max ? "max_pool2d" : "avg_pool2d") + " forward for " + p;
    int[] outDims = CudnnShapes.poolOutputDims(p);
    check(what + ": input", x.size(), p.inputSize());
    PoolDesc desc = (max ? maxDescs : avgDescs).get(p);
    TensorDesc xd = backend.tensorDesc(new int[] {p.batch(), p.channels(), p.inH(), p.inW()});
    TensorDesc yd = backend.tensorDesc(outDims);
    CudaStorage y = backend.allocate(p.outputSize());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnPoolingForward(
            sc.cudnn(),
            desc.get(),
            CudaBackend.ONE,
            xd.get(),
            x.pointer(sc),
            CudaBackend.ZERO,
            yd.get(),
            y.pointer(sc)),
        what + " (cudnnPoolingForward)");
    CudaStorage.keepAlive(x);
    return y;
  }

  @Override
  public Storage maxBackward(Storage gradOut, Storage input, Storage output, Pool2dParams p) {
    String what = "max_pool2d backward for " + p;
    CudaStorage dy = CudaStorage.of(gradOut, what);
    CudaStorage x = CudaStorage.of(input, what);
    CudaStorage y = CudaStorage.of(output, what);
    int[] outDims = CudnnShapes.poolOutputDims(p);
    check(what + ": gradOut", dy.size(), p.outputSize());
    check(what + ": output", y.size(), p.outputSize());
    check(what + ": input", x.size(), p.inputSize());
    PoolDesc desc = maxDescs.get(p);
    TensorDesc xd = backend.tensorDesc(new int[] {p.batch(), p.channels(), p.inH(), p.inW()});
    TensorDesc yd = backend.tensorDesc(outDims);
    CudaStorage dx = backend.allocate(p.inputSize());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnPoolingBackward(
            sc.cudnn(),
            desc.get(),
            CudaBackend.ONE,
            yd.get(),
            y.pointer(sc),
            yd.get(),
            dy.pointer(sc),
            xd.get(),
            x.pointer(sc),
            CudaBackend.ZERO,
            xd.get(),
            dx.pointer(sc)),
        what + " (cudnnPoolingBackward)");
    CudaStorage.keepAlive(dy, x, y);
    return dx;
  }

  @Override
  public Storage avgBackward(Storage gradOut, Pool2dParams p) {
    String what = "avg_pool2d backward for " + p;
    CudaStorage dy = CudaStorage.of(gradOut, what);
    CudnnShapes.poolOutputDims(p);
    check(what + ": gradOut", dy.size(), p.outputSize());
    CudaStorage dx = backend.allocate(p.inputSize());
    StreamContext sc = backend.stream();
    Launch.args()
        .ptr(dy.pointer(sc))
        .ptr(dx.pointer(sc))
        .i(p.batch() * p.channels())
        .i(p.inH())
        .i(p.inW())
        .i(p.outH())
        .i(p.outW())
        .i(p.kernelH())
        .i(p.kernelW())
        .i(p.strideH())
        .i(p.strideW())
        .i(p.padH())
        .i(p.padW())
        .i(p.countIncludePad() ? 1 : 0)
        .run(
            sc,
            backend.kernels().function(FILE, "avg_pool_backward"),
            Launch.blocks(p.inputSize()),
            Launch.THREADS,
            0,
            what);
    CudaStorage.keepAlive(dy);
    return dx;
  }

  @Override
  public Storage adaptiveAvgForward(Storage input, AdaptivePool2dParams p) {
    String what = "adaptive_avg_pool2d forward for " + p;
    CudaStorage x = CudaStorage.of(input, what);
    checkAdaptive(p);
    int planes = p.batch() * p.channels();
    check(what + ": input", x.size(), planes * p.inH() * p.inW());
    int outSize = planes * p.outH() * p.outW();
    CudaStorage y = backend.allocate(outSize);
    adaptive("adaptive_avg_forward", x, y, p, outSize, what);
    return y;
  }

  @Override
  public Storage adaptiveAvgBackward(Storage gradOut, AdaptivePool2dParams p) {
    String what = "adaptive_avg_pool2d backward for " + p;
    CudaStorage dy = CudaStorage.of(gradOut, what);
    checkAdaptive(p);
    int planes = p.batch() * p.channels();
    check(what + ": gradOut", dy.size(), planes * p.outH() * p.outW());
    int inSize = planes * p.inH() * p.inW();
    CudaStorage dx = backend.allocate(inSize);
    adaptive("adaptive_avg_backward", dy, dx, p, inSize, what);
    return dx;
  }

  private void adaptive(
      String kernel, CudaStorage src, CudaStorage dst, AdaptivePool2dParams p, int n, String what) {
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(src.pointer(sc))
          .ptr(dst.pointer(sc))
          .i(p.batch() * p.channels())
          .i(p.inH())
          .i(p.inW())
          .i(p.outH())
          .i(p.outW())
          .run(
              sc,
              backend.kernels().function(FILE, kernel),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              what);
    }
    CudaStorage.keepAlive(src);
  }

  private static void checkAdaptive(AdaptivePool2dParams p) {
    if (p.outH() < 1 || p.outW() < 1 || p.inH() < 1 || p.inW() < 1) {
      throw new IllegalArgumentException(
          "adaptive_avg_pool2d: input and output sizes must be positive, got " + p);
    }
  }

  private static void check(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what + " has " + actual + " elements, expected " + expected);
    }
  }
}
