package io.jgrad.backend.cuda;

import io.jgrad.Generator;
import io.jgrad.Philox;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.DropoutDesc;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.DropoutKernels;
import jcuda.jcudnn.JCudnn;

/**
 * Inverted dropout. Element-wise dropout runs in cuDNN: each forward pass draws one seed from the
 * jgrad {@link Generator} and re-initializes the thread's cuDNN RNG state with it, so the masks are
 * a pure function of the generator's state (reproducible after a checkpoint restore); the mask is
 * cuDNN's reserve space (so element-wise masks differ from the CPU backend's). Channel-wise dropout
 * (no cuDNN equivalent) draws its N*C unit scales on the host from the generator's counter-based
 * stream exactly as the CPU backend does ({@link Philox}) and applies them with {@code dropout.cu};
 * so does {@code p = 0} or {@code 1}, with a single unit and no draw.
 */
final class CudaDropout implements DropoutKernels {
  private final CudaBackend backend;

  CudaDropout(CudaBackend backend) {
    this.backend = backend;
  }

  /** The calling thread's dropout descriptor and its RNG state memory (kept for the thread). */
  private static final class ThreadState {
    final DropoutDesc desc;
    final CachingAllocator.Block states;

    ThreadState(CudaBackend b, StreamContext sc) {
      long bytes = DropoutDesc.stateBytes(sc.cudnn());
      this.states = b.allocator().allocate(bytes, sc.stream());
      this.desc = new DropoutDesc(sc.cudnn(), states.pointer(), bytes);
    }
  }

  private DropoutDesc desc(StreamContext sc) {
    return sc.attachment(ThreadState.class, ThreadState.class, () -> new ThreadState(backend, sc))
        .desc;
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
    DropoutDesc desc = desc(sc);
    desc.reseed((float) p, generator.nextLong());
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
    DropoutDesc desc = desc(sc);
    desc.restore((float) p);
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
