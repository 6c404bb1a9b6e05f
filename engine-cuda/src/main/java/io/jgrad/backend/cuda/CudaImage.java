package io.jgrad.backend.cuda;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.PinnedCopies;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.params.Interpolation;

/**
 * Batched image rotation with {@code rotate.cu}. The per-image cosine and sine are computed on the
 * host exactly as the CPU backend computes them and go to the device, with the fill, through a
 * per-thread ring of pinned buffers on the compute stream: the launch never waits for the host.
 */
final class CudaImage implements ImageKernels {
  private static final String FILE = "rotate.cu";

  private final CudaBackend backend;

  CudaImage(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage rotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill) {
    String what = "rotate " + interpolation + " " + shape;
    CudaStorage x = CudaStorage.of(images, what);
    ImageKernels.checkRotate(x, shape, degrees, interpolation, fill);
    CudaStorage out = backend.allocate(x.size());
    int n = shape.dim(0);
    if (x.size() == 0) {
      return out;
    }
    double[] params = params(degrees, fill);
    StreamContext sc = backend.stream();
    // A float buffer of twice the length holds the doubles (8-byte aligned, as every block is).
    try (CudaStorage p = backend.allocate(2 * params.length)) {
      sc.attachment(CudaImage.class, PinnedCopies.class, () -> new PinnedCopies(2))
          .copy(
              8L * params.length,
              b -> b.asDoubleBuffer().put(params),
              p.pointer(sc),
              sc.stream(),
              what + " parameters");
      String kernel = interpolation == Interpolation.NEAREST ? "rotate_nearest" : "rotate_bilinear";
      Launch.args()
          .ptr(x.pointer(sc))
          .ptr(out.pointer(sc))
          .ptr(p.pointer(sc))
          .i(fill == null ? 0 : fill.length)
          .i(n)
          .i(shape.dim(1))
          .i(shape.dim(2))
          .i(shape.dim(3))
          .run(
              sc,
              backend.kernels().function(FILE, kernel),
              Launch.blocks((long) n * shape.dim(2) * shape.dim(3)),
              Launch.THREADS,
              0,
              what);
    }
    CudaStorage.keepAlive(x);
    return out;
  }

  /** {@code [cos a_0, sin a_0, ..., cos a_{n-1}, sin a_{n-1}, fill...]}, as the CPU computes. */
  static double[] params(double[] degrees, double[] fill) {
    int n = degrees.length;
    double[] p = new double[2 * n + (fill == null ? 0 : fill.length)];
    for (int b = 0; b < n; b++) {
      double theta = Math.toRadians(degrees[b]);
      p[2 * b] = Math.cos(theta);
      p[2 * b + 1] = Math.sin(theta);
    }
    if (fill != null) {
      System.arraycopy(fill, 0, p, 2 * n, fill.length);
    }
    return p;
  }
}
