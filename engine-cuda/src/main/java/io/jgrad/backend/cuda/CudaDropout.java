package io.jgrad.backend.cuda;

import io.jgrad.Generator;
import io.jgrad.Philox;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.DropoutDesc;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.AllocationRetry;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.DropoutKernels;
import jcuda.jcudnn.JCudnn;

/**
 * Inverted dropout. Element-wise dropout runs in cuDNN with one RNG state per thread and {@link
 * Generator}, seeded once from the generator on its first use ({@link GeneratorStates}, one
 * initialization kernel) and then advanced by cuDNN from call to call; the mask is cuDNN's reserve
 * space. So a run repeats its masks from the same seed, but the cuDNN state is not part of a
 * checkpoint: after a resume, and against the CPU backend, the element-wise masks differ (the CPU
 * draws them from the generator's counter-based {@link Philox} stream, which a CUDA kernel could
 * evaluate per element). Channel-wise dropout (no cuDNN equivalent) draws its N*C unit scales on
 * the host from that Philox stream exactly as the CPU backend does and applies them with {@code
 * dropout.cu}; so does {@code p = 0} or {@code 1}, with a single unit and no draw.
 */
final class CudaDropout implements DropoutKernels {
  private final CudaBackend backend;

  CudaDropout(CudaBackend backend) {
    this.backend = backend;
  }

  /** A dropout descriptor and its RNG state memory, bound to one thread's cuDNN handle. */
  private static final class State implements AutoCloseable {
    final DropoutDesc desc;
    final CachingAllocator allocator;
    final CachingAllocator.Block states;

    State(CudaBackend b, StreamContext sc) {
      long bytes = DropoutDesc.stateBytes(sc.cudnn());
      this.allocator = b.allocator();
      this.states = allocator.allocate(bytes, sc.stream());
      this.desc = new DropoutDesc(sc.cudnn(), states.pointer(), bytes);
    }

    @Override
    public void close() {
      desc.close();
      allocator.release(states);
    }
  }

  /** The thread's forward states, one per generator. */
  private static final class ForwardStates {}

  /** The thread's descriptor for the backward pass (which reads the mask, never the RNG). */
  private static final class BackwardState {}

  @SuppressWarnings("unchecked")
  private DropoutDesc forwardDesc(StreamContext sc, Generator g, float p) {
    GeneratorStates<State> states =
        sc.attachment(
            ForwardStates.class,
            GeneratorStates.class,
            () ->
                new GeneratorStates<State>(
                    () -> new State(backend, sc),
                    (st, seed) ->
                        AllocationRetry.once(
                            backend.allocator()::releaseCached,
                            () -> {
                              st.desc.reseed(p, seed);
                              return st;
                            }),
                    State::close));
    DropoutDesc d = states.get(g).desc;
    d.restore(p);
    return d;
  }

  private DropoutDesc backwardDesc(StreamContext sc, float p) {
    DropoutDesc d =
        sc.attachment(BackwardState.class, State.class, () -> new State(backend, sc)).desc;
    d.restore(p);
    return d;
  }

  @Override
  public Result forward(
      Storage input, Shape shape, double p, boolean channelwise, Generator generator) {
    String what = (channelwise ? "dropout2d" : "dropout") + " forward of " + shape + ", p=" + p;
    CudaStorage x = CudaStorage.of(input, what);
    int units = units(what, x.size(), shape, p, channelwise);
    if (hostMask(x.size(), p, channelwise)) {
      float keep = p < 1 ? (float) (1.0 / (1.0 - p)) : 0f;
      float[] scale = new float[units];
      boolean draws = p > 0 && p < 1;
      if (draws) {
        Philox.uniforms(generator.streamKey(), generator.reserveDraw(units), 0, units, scale, 0);
      }
      for (int u = 0; u < units; u++) {
        boolean kept = p == 0 || (draws && scale[u] >= p);
        scale[u] = kept ? keep : 0f;
      }
      CudaStorage mask = (CudaStorage) backend.memory().fromFloats(scale);
      return new Result(applyUnits(x, mask, what), mask);
    }
    int n = x.size();
    TensorDesc d = backend.tensorDesc(CudnnShapes.flatDims(n));
    long reserve = DropoutDesc.reserveBytes(d);
    CudaStorage mask = backend.allocate((int) ((reserve + 3) / 4));
    CudaStorage y = backend.allocate(n);
    StreamContext sc = backend.stream();
    DropoutDesc desc = forwardDesc(sc, generator, (float) p);
    CudaErrors.cudnn(
        JCudnn.cudnnDropoutForward(
            sc.cudnn(),
            desc.get(),
            d.get(),
            x.pointer(sc),
            d.get(),
            y.pointer(sc),
            mask.pointer(sc),
            reserve),
        what + " (cudnnDropoutForward)");
    CudaStorage.keepAlive(x);
    return new Result(y, mask);
  }

  @Override
  public Storage backward(
      Storage gradOut, Storage mask, Shape shape, double p, boolean channelwise) {
    String what = (channelwise ? "dropout2d" : "dropout") + " backward of " + shape + ", p=" + p;
    CudaStorage dy = CudaStorage.of(gradOut, what);
    CudaStorage m = CudaStorage.of(mask, what + " mask");
    int units = units(what, dy.size(), shape, p, channelwise);
    if (hostMask(dy.size(), p, channelwise)) {
      if (m.size() != units) {
        throw new IllegalArgumentException(
            what + ": the mask has " + m.size() + " units, expected " + units);
      }
      return applyUnits(dy, m, what);
    }
    int n = dy.size();
    TensorDesc d = backend.tensorDesc(CudnnShapes.flatDims(n));
    long reserve = DropoutDesc.reserveBytes(d);
    if (4L * m.size() < reserve) {
      throw new IllegalArgumentException(
          what + ": the mask holds " + 4L * m.size() + " bytes, cuDNN needs " + reserve);
    }
    CudaStorage dx = backend.allocate(n);
    StreamContext sc = backend.stream();
    DropoutDesc desc = backwardDesc(sc, (float) p);
    CudaErrors.cudnn(
        JCudnn.cudnnDropoutBackward(
            sc.cudnn(),
            desc.get(),
            d.get(),
            dy.pointer(sc),
            d.get(),
            dx.pointer(sc),
            m.pointer(sc),
            reserve),
        what + " (cudnnDropoutBackward)");
    CudaStorage.keepAlive(dy, m);
    return dx;
  }

  /** {@code x[i] * scale[i / inner]} with {@code inner = size / units}. */
  private CudaStorage applyUnits(CudaStorage x, CudaStorage scale, String what) {
    int n = x.size();
    CudaStorage y = backend.allocate(n);
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(x.pointer(sc))
          .ptr(scale.pointer(sc))
          .ptr(y.pointer(sc))
          .i(n)
          .i(n / scale.size())
          .run(
              sc,
              backend.kernels().function("dropout.cu", "scale_units"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              what);
    }
    CudaStorage.keepAlive(x, scale);
    return y;
  }

  /** Whether the mask is one scale per unit drawn on the host (else cuDNN's reserve space). */
  static boolean hostMask(int size, double p, boolean channelwise) {
    return channelwise || size == 0 || p == 0 || p == 1;
  }

  /**
   * Mask units: 1 for {@code p = 0} or {@code 1} (nothing is drawn), N*C channel-wise, else one per
   * element (the cuDNN path).
   */
  static int units(String what, int size, Shape shape, double p, boolean channelwise) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + ": p must be in [0, 1], got " + p);
    }
    if (size != shape.numel()) {
      throw new IllegalArgumentException(
          what + ": the buffer has " + size + " elements but the shape needs " + shape.numel());
    }
    if (size == 0 || p == 0 || p == 1) {
      return size == 0 ? 0 : 1;
    }
    if (!channelwise) {
      return size;
    }
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          what + ": channel-wise dropout needs an [N, C, ...] tensor, got shape " + shape);
    }
    return shape.dim(0) * shape.dim(1);
  }
}
