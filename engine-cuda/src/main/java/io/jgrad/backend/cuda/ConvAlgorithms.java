package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.ConvAlgoPolicy.Candidate;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Direction;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Mode;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
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
        algo ->
            sized(
                algo,
                size ->
                    JCudnn.cudnnGetConvolutionForwardWorkspaceSize(
                        sc.cudnn(),
                        plan.input.get(),
                        plan.filter.get(),
                        plan.conv.get(),
                        plan.output.get(),
                        algo,
                        size));
    Search<cudnnConvolutionFwdAlgoPerf> search =
        (perf, count, ws) ->
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
                ws.bytes());
    return choose(b, sc, plan, Direction.FORWARD, query, FORWARD_RESULTS, search);
  }

  /** The backward-data algorithm for {@code plan}; fastest mode times it on the given buffers. */
  static ConvPlan.Algo backwardData(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer w, Pointer dy, Pointer dx) {
    IntFunction<Candidate> query =
        algo ->
            sized(
                algo,
                size ->
                    JCudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(
                        sc.cudnn(),
                        plan.filter.get(),
                        plan.output.get(),
                        plan.conv.get(),
                        plan.input.get(),
                        algo,
                        size));
    Search<cudnnConvolutionBwdDataAlgoPerf> search =
        (perf, count, ws) ->
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
                ws.bytes());
    return choose(b, sc, plan, Direction.BACKWARD_DATA, query, DATA_RESULTS, search);
  }

  /** The backward-filter algorithm for {@code plan}; fastest mode times it on the given buffers. */
  static ConvPlan.Algo backwardFilter(
      CudaBackend b, StreamContext sc, ConvPlan plan, Pointer x, Pointer dy, Pointer dw) {
    IntFunction<Candidate> query =
        algo ->
            sized(
                algo,
                size ->
                    JCudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(
                        sc.cudnn(),
                        plan.input.get(),
                        plan.output.get(),
                        plan.conv.get(),
                        plan.filter.get(),
                        algo,
                        size));
    Search<cudnnConvolutionBwdFilterAlgoPerf> search =
        (perf, count, ws) ->
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
                ws.bytes());
    return choose(b, sc, plan, Direction.BACKWARD_FILTER, query, FILTER_RESULTS, search);
  }

  /**
   * The algorithm of one direction: in fastest mode the {@code search} over {@link #REQUEST} fresh
   * result structs in a scratch workspace, when it succeeds and finds one that fits; otherwise the
   * deterministic choice by workspace {@code query}.
   */
  private static <P> ConvPlan.Algo choose(
      CudaBackend b,
      StreamContext sc,
      ConvPlan plan,
      Direction d,
      IntFunction<Candidate> query,
      Results<P> results,
      Search<P> search) {
    if (MODE == Mode.FASTEST) {
      Candidate[] found = new Candidate[REQUEST];
      P[] perf = results.array().apply(REQUEST);
      for (int i = 0; i < REQUEST; i++) {
        perf[i] = results.fresh().get();
      }
      int[] count = {0};
      try (Scratch ws = Scratch.allocate(b, sc)) {
        int st = find(() -> search.find(perf, count, ws));
        for (int i = 0; i < Math.min(count[0], REQUEST); i++) {
          found[i] = results.read().apply(perf[i]);
        }
        checkFound(st, d.label, plan);
        Candidate c = st == 0 ? ConvAlgoPolicy.chooseFastest(found, count[0], ws.bytes()) : null;
        if (c != null) {
          return new ConvPlan.Algo(c.algo(), c.workspaceBytes());
        }
      }
    }
    return deterministic(d, query, plan);
  }

  /** A {@code cudnnGet...WorkspaceSize} call for one algorithm as a candidate. */
  private static Candidate sized(int algo, ToIntFunction<long[]> call) {
    long[] size = {0};
    int st = call.applyAsInt(size);
    return new Candidate(algo, st, size[0]);
  }

  /**
   * One direction's {@code cudnnFind...AlgorithmEx} call, filling {@code perf} and {@code count}.
   */
  @FunctionalInterface
  private interface Search<P> {
    int find(P[] perf, int[] count, Scratch ws);
  }

  /** One direction's JCudnn result struct: how to make an array and a struct, and read one. */
  private record Results<P>(
      IntFunction<P[]> array, Supplier<P> fresh, Function<P, Candidate> read) {}

  private static final Results<cudnnConvolutionFwdAlgoPerf> FORWARD_RESULTS =
      new Results<>(
          cudnnConvolutionFwdAlgoPerf[]::new,
          cudnnConvolutionFwdAlgoPerf::new,
          p -> new Candidate(p.algo, p.status, p.memory));

  private static final Results<cudnnConvolutionBwdDataAlgoPerf> DATA_RESULTS =
      new Results<>(
          cudnnConvolutionBwdDataAlgoPerf[]::new,
          cudnnConvolutionBwdDataAlgoPerf::new,
          p -> new Candidate(p.algo, p.status, p.memory));

  private static final Results<cudnnConvolutionBwdFilterAlgoPerf> FILTER_RESULTS =
      new Results<>(
          cudnnConvolutionBwdFilterAlgoPerf[]::new,
          cudnnConvolutionBwdFilterAlgoPerf::new,
          p -> new Candidate(p.algo, p.status, p.memory));

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
