package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;

/**
 * Chooses convolution algorithms with cuDNN's {@code Find...Ex}, which times every algorithm on the
 * real buffers (overwriting the output, which the caller then computes for real). The search gets a
 * temporary workspace of at most {@code -Djgrad.cuda.workspaceMaxMB} (default 512) and half the
 * allocator's headroom; the fastest algorithm that succeeded wins.
 */
final class ConvAlgorithms {
  /** Requested algorithm count; larger than any cuDNN direction has. */
  private static final int REQUEST = 16;

  private static final long MAX_WORKSPACE = Long.getLong("jgrad.cuda.workspaceMaxMB", 512L) << 20;

  private ConvAlgorithms() {}

  /** The fastest forward algorithm for {@code plan} on the given buffers. */
  static ConvPlan.Algo forward(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer x, Pointer w, Pointer y) {
    cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[REQUEST];
    for (int i = 0; i < REQUEST; i++) {
      perf[i] = new cudnnConvolutionFwdAlgoPerf();
    }
    int[] count = {0};
    try (Scratch ws = Scratch.allocate(b, sc)) {
      CudaErrors.cudnn(
          JCudnn.cudnnFindConvolutionForwardAlgorithmEx(
              sc.cudnn(),
              plan.input.get(),
              x,
              plan.filter.get(),
              w,
              plan.conv.get(),
              plan.output.get(),
              y,
              REQUEST,
              count,
              perf,
              ws.pointer(),
              ws.bytes()),
          "conv2d forward algorithm search for " + plan.params);
      for (int i = 0; i < count[0]; i++) {
        if (perf[i].status == 0 && perf[i].memory <= ws.bytes()) {
          return new ConvPlan.Algo(perf[i].algo, perf[i].memory);
        }
      }
    }
    throw noAlgorithm("forward", plan);
  }

  /** The fastest backward-data algorithm for {@code plan} on the given buffers. */
  static ConvPlan.Algo backwardData(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer w, Pointer dy, Pointer dx) {
    cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[REQUEST];
    for (int i = 0; i < REQUEST; i++) {
      perf[i] = new cudnnConvolutionBwdDataAlgoPerf();
    }
    int[] count = {0};
    try (Scratch ws = Scratch.allocate(b, sc)) {
      CudaErrors.cudnn(
          JCudnn.cudnnFindConvolutionBackwardDataAlgorithmEx(
              sc.cudnn(),
              plan.filter.get(),
              w,
              plan.output.get(),
              dy,
              plan.conv.get(),
              plan.input.get(),
              dx,
              REQUEST,
              count,
              perf,
              ws.pointer(),
              ws.bytes()),
          "conv2d backward-data algorithm search for " + plan.params);
      for (int i = 0; i < count[0]; i++) {
        if (perf[i].status == 0 && perf[i].memory <= ws.bytes()) {
          return new ConvPlan.Algo(perf[i].algo, perf[i].memory);
        }
      }
    }
    throw noAlgorithm("backward-data", plan);
  }

  /** The fastest backward-filter algorithm for {@code plan} on the given buffers. */
  static ConvPlan.Algo backwardFilter(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer x, Pointer dy, Pointer dw) {
    cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[REQUEST];
    for (int i = 0; i < REQUEST; i++) {
      perf[i] = new cudnnConvolutionBwdFilterAlgoPerf();
    }
    int[] count = {0};
    try (Scratch ws = Scratch.allocate(b, sc)) {
      CudaErrors.cudnn(
          JCudnn.cudnnFindConvolutionBackwardFilterAlgorithmEx(
              sc.cudnn(),
              plan.input.get(),
              x,
              plan.output.get(),
              dy,
              plan.conv.get(),
              plan.filter.get(),
              dw,
              REQUEST,
              count,
              perf,
              ws.pointer(),
              ws.bytes()),
          "conv2d backward-filter algorithm search for " + plan.params);
      for (int i = 0; i < count[0]; i++) {
        if (perf[i].status == 0 && perf[i].memory <= ws.bytes()) {
          return new ConvPlan.Algo(perf[i].algo, perf[i].memory);
        }
      }
    }
    throw noAlgorithm("backward-filter", plan);
  }

  private static IllegalStateException noAlgorithm(String direction, ConvPlan plan) {
    return new IllegalStateException(
        "conv2d: cuDNN found no working " + direction + " algorithm for " + plan.params);
  }

  /** The search budget: the configured cap, at most half the allocator's headroom. */
  static long budget(long cap, long headroom) {
    long half = Math.max(0, headroom / 2);
    return Math.max(0, Math.min(cap, half));
  }

  /** A temporary search workspace, returned to the pool on close. */
  private static final class Scratch implements AutoCloseable {
    private final CachingAllocator allocator;
    private final CachingAllocator.Block block;

    private Scratch(CachingAllocator allocator, CachingAllocator.Block block) {
      this.allocator = allocator;
      this.block = block;
    }

    static Scratch allocate(CudaBackend b, StreamContext sc) {
      CachingAllocator a = b.allocator();
      long bytes = budget(MAX_WORKSPACE, a.headroom());
      while (bytes >= Workspace.STEP) {
        try {
          return new Scratch(a, a.allocate(bytes, sc.stream()));
        } catch (CudaOutOfMemoryException e) {
          bytes /= 4;
        }
      }
      return new Scratch(a, CachingAllocator.EMPTY);
    }

    Pointer pointer() {
      return block.pointer();
    }

    long bytes() {
      return block.bytes();
    }

    @Override
    public void close() {
      allocator.release(block);
    }
  }
}
