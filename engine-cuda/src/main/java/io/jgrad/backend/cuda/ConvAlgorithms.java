package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.ConvAlgoPolicy.Candidate;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Direction;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Mode;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import java.util.function.IntFunction;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;

/**
 * Chooses convolution algorithms as {@link ConvAlgoPolicy} says. Deterministic mode (the default)
 * asks cuDNN only for the workspace of each algorithm on its fixed list ({@code
 * cudnnGetConvolution...WorkspaceSize}, which returns a real status per algorithm). Fastest mode
 * times every algorithm with {@code cudnnFind...Ex} on the real buffers (overwriting the output,
 * which the caller then computes for real) in a temporary workspace of at most {@code
 * -Djgrad.cuda.workspaceMaxMB} (default 512) and half the allocator's headroom.
 *
 * <p>JCudnn's {@code Find...Ex} bindings copy back as many results as the count the native side
 * holds after the call, and throw {@code ArrayIndexOutOfBoundsException("Array parameter has
 * insufficient size")} when that count exceeds the Java array, which hides cuDNN's status; they
 * also never copy {@code mathType} back for the forward direction. So the count starts at 0, the
 * result array is as long as the request, only {@code algo}, {@code status} and {@code memory} are
 * read, and a failed search (an exception or a status) falls back to the deterministic choice,
 * whose workspace queries report the real status.
 */
final class ConvAlgorithms {
  /** Requested algorithm count; larger than any cuDNN direction has. */
  private static final int REQUEST = 16;

  private static final long MAX_WORKSPACE = Long.getLong("jgrad.cuda.workspaceMaxMB", 512L) << 20;

  private static final Mode MODE = ConvAlgoPolicy.mode(System.getProperty(ConvAlgoPolicy.PROPERTY));

  private ConvAlgorithms() {}

  /** The forward algorithm for {@code plan}; fastest mode times it on the given buffers. */
  static ConvPlan.Algo forward(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer x, Pointer w, Pointer y) {
    IntFunction<Candidate> query =
        algo -> {
          long[] size = {0};
          int st =
              JCudnn.cudnnGetConvolutionForwardWorkspaceSize(
                  sc.cudnn(),
                  plan.input.get(),
                  plan.filter.get(),
                  plan.conv.get(),
                  plan.output.get(),
                  algo,
                  size);
          return new Candidate(algo, st, size[0]);
        };
    if (MODE == Mode.FASTEST) {
      Candidate[] found = new Candidate[REQUEST];
      cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[REQUEST];
      for (int i = 0; i < REQUEST; i++) {
        perf[i] = new cudnnConvolutionFwdAlgoPerf();
      }
      int[] count = {0};
      try (Scratch ws = Scratch.allocate(b, sc)) {
        int st =
            find(
                () ->
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
                        ws.bytes()));
        for (int i = 0; i < Math.min(count[0], REQUEST); i++) {
          found[i] = new Candidate(perf[i].algo, perf[i].status, perf[i].memory);
        }
        checkFound(st, "forward", plan);
        Candidate c = st == 0 ? ConvAlgoPolicy.chooseFastest(found, count[0], ws.bytes()) : null;
        if (c != null) {
          return new ConvPlan.Algo(c.algo(), c.workspaceBytes());
        }
      }
    }
    return deterministic(Direction.FORWARD, query, plan);
  }

  /** The backward-data algorithm for {@code plan}; fastest mode times it on the given buffers. */
  static ConvPlan.Algo backwardData(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer w, Pointer dy, Pointer dx) {
    IntFunction<Candidate> query =
        algo -> {
          long[] size = {0};
          int st =
              JCudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(
                  sc.cudnn(),
                  plan.filter.get(),
                  plan.output.get(),
                  plan.conv.get(),
                  plan.input.get(),
                  algo,
                  size);
          return new Candidate(algo, st, size[0]);
        };
    if (MODE == Mode.FASTEST) {
      Candidate[] found = new Candidate[REQUEST];
      cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[REQUEST];
      for (int i = 0; i < REQUEST; i++) {
        perf[i] = new cudnnConvolutionBwdDataAlgoPerf();
      }
      int[] count = {0};
      try (Scratch ws = Scratch.allocate(b, sc)) {
        int st =
            find(
                () ->
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
                        ws.bytes()));
        for (int i = 0; i < Math.min(count[0], REQUEST); i++) {
          found[i] = new Candidate(perf[i].algo, perf[i].status, perf[i].memory);
        }
        checkFound(st, "backward-data", plan);
        Candidate c = st == 0 ? ConvAlgoPolicy.chooseFastest(found, count[0], ws.bytes()) : null;
        if (c != null) {
          return new ConvPlan.Algo(c.algo(), c.workspaceBytes());
        }
      }
    }
    return deterministic(Direction.BACKWARD_DATA, query, plan);
  }

  /** The backward-filter algorithm for {@code plan}; fastest mode times it on the given buffers. */
  static ConvPlan.Algo backwardFilter(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer x, Pointer dy, Pointer dw) {
    IntFunction<Candidate> query =
        algo -> {
          long[] size = {0};
          int st =
              JCudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(
                  sc.cudnn(),
                  plan.input.get(),
                  plan.output.get(),
                  plan.conv.get(),
                  plan.filter.get(),
                  algo,
                  size);
          return new Candidate(algo, st, size[0]);
        };
    if (MODE == Mode.FASTEST) {
      Candidate[] found = new Candidate[REQUEST];
      cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[REQUEST];
      for (int i = 0; i < REQUEST; i++) {
        perf[i] = new cudnnConvolutionBwdFilterAlgoPerf();
      }
      int[] count = {0};
      try (Scratch ws = Scratch.allocate(b, sc)) {
        int st =
            find(
                () ->
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
                        ws.bytes()));
        for (int i = 0; i < Math.min(count[0], REQUEST); i++) {
          found[i] = new Candidate(perf[i].algo, perf[i].status, perf[i].memory);
        }
        checkFound(st, "backward-filter", plan);
        Candidate c = st == 0 ? ConvAlgoPolicy.chooseFastest(found, count[0], ws.bytes()) : null;
        if (c != null) {
          return new ConvPlan.Algo(c.algo(), c.workspaceBytes());
        }
      }
    }
    return deterministic(Direction.BACKWARD_FILTER, query, plan);
  }

  /** A real failure status of a search is reported as such (a binding exception is not). */
  private static void checkFound(int status, String direction, ConvPlan plan) {
    if (status > 0) {
      CudaErrors.cudnn(status, "conv2d " + direction + " algorithm search for " + plan.params);
    }
  }

  /** Runs a Find call; a binding exception counts as a failed search (status -1). */
  private static int find(java.util.function.IntSupplier call) {
    try {
      return call.getAsInt();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static ConvPlan.Algo deterministic(
      Direction d, IntFunction<Candidate> query, ConvPlan plan) {
    Candidate c =
        ConvAlgoPolicy.chooseDeterministic(
            d, query, budget(MAX_WORKSPACE, Long.MAX_VALUE), plan.params.toString());
    return new ConvPlan.Algo(c.algo(), c.workspaceBytes());
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
