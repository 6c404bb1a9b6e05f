package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.cudnn.CudnnConst;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.SoftmaxKernels;
import jcuda.jcudnn.JCudnn;

/**
 * Softmax and log-softmax through cuDNN ({@code CUDNN_SOFTMAX_ACCURATE} / {@code LOG}, channel
 * mode): the middle axis of {@code [outer, dim, inner]} is the channel axis of the NCHW view {@code
 * [outer, dim, inner, 1]}.
 */
final class CudaSoftmax implements SoftmaxKernels {
  private final CudaBackend backend;

  CudaSoftmax(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage forward(Storage input, int outer, int dim, int inner, boolean log) {
    String what = name(log) + " forward over [" + outer + ", " + dim + ", " + inner + "]";
    CudaStorage x = CudaStorage.of(input, what);
    check(what, x.size(), outer, dim, inner);
    CudaStorage y = backend.allocate(x.size());
    if (x.size() == 0) {
      return y;
    }
    TensorDesc d = backend.tensorDesc(CudnnShapes.softmaxDims(outer, dim, inner));
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnSoftmaxForward(
            sc.cudnn(),
            CudnnShapes.softmaxAlgorithm(log),
            CudnnConst.SOFTMAX_MODE_CHANNEL,
            CudaBackend.ONE,
            d.get(),
            x.pointer(sc),
            CudaBackend.ZERO,
            d.get(),
            y.pointer(sc)),
        what + " (cudnnSoftmaxForward)");
    CudaStorage.keepAlive(x);
    return y;
  }

  @Override
  public Storage backward(
      Storage gradOut, Storage output, int outer, int dim, int inner, boolean log) {
    String what = name(log) + " backward over [" + outer + ", " + dim + ", " + inner + "]";
    CudaStorage dy = CudaStorage.of(gradOut, what);
    CudaStorage y = CudaStorage.of(output, what);
    check(what + " gradOut", dy.size(), outer, dim, inner);
    check(what + " output", y.size(), outer, dim, inner);
    CudaStorage dx = backend.allocate(y.size());
    if (y.size() == 0) {
      return dx;
    }
    TensorDesc d = backend.tensorDesc(CudnnShapes.softmaxDims(outer, dim, inner));
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnSoftmaxBackward(
            sc.cudnn(),
            CudnnShapes.softmaxAlgorithm(log),
            CudnnConst.SOFTMAX_MODE_CHANNEL,
            CudaBackend.ONE,
            d.get(),
            y.pointer(sc),
            d.get(),
            dy.pointer(sc),
            CudaBackend.ZERO,
            d.get(),
            dx.pointer(sc)),
        what + " (cudnnSoftmaxBackward)");
    CudaStorage.keepAlive(dy, y);
    return dx;
  }

  private static String name(boolean log) {
    return log ? "log_softmax" : "softmax";
  }

  private static void check(String what, int size, int outer, int dim, int inner) {
    if ((long) outer * dim * inner != size) {
      throw new IllegalArgumentException(
          what + ": the buffer has " + size + " elements, expected " + (long) outer * dim * inner);
    }
  }
}
