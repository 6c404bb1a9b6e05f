package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.cudnn.ConvDesc;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.FilterDesc;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.params.Conv2dParams;
import java.util.Arrays;
import java.util.function.Supplier;
import jcuda.jcudnn.JCudnn;

/**
 * Everything cuDNN needs for one convolution shape: the input, filter, output and bias descriptors,
 * the convolution descriptor, and the algorithm chosen for each direction (found once by timing,
 * then reused).
 */
final class ConvPlan implements AutoCloseable {
  /** An algorithm and the workspace it needs. */
  record Algo(int algo, long workspaceBytes) {}

  final Conv2dParams params;
  final TensorDesc input;
  final FilterDesc filter;
  final ConvDesc conv;
  final TensorDesc output;
  final TensorDesc bias;
  final Chosen forward = new Chosen();
  final Chosen backwardData = new Chosen();
  final Chosen backwardFilter = new Chosen();

  ConvPlan(Conv2dParams p, boolean allowTf32) {
    this.params = p;
    int[] outDims = CudnnShapes.convOutputDims(p);
    this.input = new TensorDesc(new int[] {p.batch(), p.inChannels(), p.inH(), p.inW()});
    this.filter = new FilterDesc(CudnnShapes.filterDims(p));
    this.conv = new ConvDesc(p, allowTf32);
    this.output = new TensorDesc(outDims);
    this.bias = new TensorDesc(CudnnShapes.perChannelDims(p.outChannels()));
    int[] n = {0};
    int[] c = {0};
    int[] h = {0};
    int[] w = {0};
    CudaErrors.cudnn(
        JCudnn.cudnnGetConvolution2dForwardOutputDim(
            conv.get(), input.get(), filter.get(), n, c, h, w),
        "cudnnGetConvolution2dForwardOutputDim for " + p);
    int[] cudnnDims = {n[0], c[0], h[0], w[0]};
    if (!Arrays.equals(outDims, cudnnDims)) {
      close();
      throw new IllegalStateException(
          "conv2d: cuDNN computes output "
              + Arrays.toString(cudnnDims)
              + " but jgrad expects "
              + Arrays.toString(outDims)
              + " for "
              + p);
    }
  }

  /** One direction's algorithm: chosen on first use, under the plan's lock, then reused. */
  final class Chosen {
    private volatile Algo algo;

    /** The algorithm, asking {@code choose} for it the first time only. */
    Algo get(Supplier<Algo> choose) {
      Algo a = algo;
      if (a == null) {
        synchronized (ConvPlan.this) {
          if (algo == null) {
            algo = choose.get();
          }
          a = algo;
        }
      }
      return a;
    }
  }

  @Override
  public void close() {
    input.close();
    filter.close();
    conv.close();
    output.close();
    bias.close();
  }
}
