package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.PinnedCopies;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.LossKernels;
import jcuda.runtime.JCuda;

/**
 * Negative log-likelihood with {@code loss.cu}. The targets reach the device through the thread's
 * ring of pinned buffers ({@link PinnedCopies}) with an asynchronous copy on the compute stream, so
 * the host does not wait for the stream (it waits only when it comes back to a pinned buffer whose
 * copy, {@link #SLOTS} uploads ago, has not finished); the backward kernel reads the upstream
 * gradient on the device. No step waits for the host.
 */
final class CudaLoss implements LossKernels {
  private static final String FILE = "loss.cu";

  /** Pinned buffers per thread: a step uploads the targets twice (forward and backward). */
  static final int SLOTS = 4;

  /** The key of the thread's target ring among its attachments. */
  private static final class TargetRing {}

  private final CudaBackend backend;

  CudaLoss(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage nllForward(Storage logProbs, int[] targets, int batch, int classes) {
    String what = "nll_loss forward [" + batch + ", " + classes + "]";
    CudaStorage lp = CudaStorage.of(logProbs, what);
    check(what, lp.size(), targets, batch, classes);
    CudaStorage out = backend.allocate(1);
    StreamContext sc = backend.stream();
    try (CudaStorage t = upload(targets, sc, what)) {
      Launch.args()
          .ptr(lp.pointer(sc))
          .ptr(t.pointer(sc))
          .ptr(out.pointer(sc))
          .i(batch)
          .i(classes)
          .run(sc, backend.kernels().function(FILE, "nll_forward"), 1, Launch.THREADS, 0, what);
    }
    CudaStorage.keepAlive(lp);
    return out;
  }

  @Override
  public Storage nllBackward(Storage gradLoss, int[] targets, int batch, int classes) {
    String what = "nll_loss backward [" + batch + ", " + classes + "]";
    CudaStorage g = CudaStorage.of(gradLoss, what);
    if (g.size() != 1) {
      throw new IllegalArgumentException(what + ": gradLoss must have 1 element, got " + g.size());
    }
    check(what, batch * classes, targets, batch, classes);
    CudaStorage dx = backend.allocate(batch * classes);
    StreamContext sc = backend.stream();
    CudaErrors.runtime(
        JCuda.cudaMemsetAsync(dx.pointer(sc), 0, 4L * dx.size(), sc.stream()),
        what + " (cudaMemsetAsync)");
    if (batch > 0) {
      try (CudaStorage t = upload(targets, sc, what)) {
        Launch.args()
            .ptr(g.pointer(sc))
            .ptr(t.pointer(sc))
            .ptr(dx.pointer(sc))
            .i(batch)
            .i(classes)
            .run(
                sc,
                backend.kernels().function(FILE, "nll_backward"),
                Launch.blocks(batch),
                Launch.THREADS,
                0,
                what);
      }
    }
    CudaStorage.keepAlive(g);
    return dx;
  }

  /**
   * The targets as a device buffer of ints (a float-sized buffer reinterpreted), copied on the
   * compute stream from a pinned buffer; kernels queued after it on that stream see the copy.
   */
  private CudaStorage upload(int[] targets, StreamContext sc, String what) {
    CudaStorage t = backend.allocate(targets.length);
    if (targets.length > 0) {
      PinnedCopies ring =
          sc.attachment(TargetRing.class, PinnedCopies.class, () -> new PinnedCopies(SLOTS));
      ring.copy(
          4L * targets.length,
          b -> b.asIntBuffer().put(targets),
          t.pointer(sc),
          sc.stream(),
          what + " targets");
    }
    return t;
  }

  private static void check(String what, int size, int[] targets, int batch, int classes) {
    if ((long) batch * classes != size) {
      throw new IllegalArgumentException(
          what + ": logProbs has " + size + " elements, expected [" + batch + ", " + classes + "]");
    }
    if (targets.length != batch) {
      throw new IllegalArgumentException(
          what + ": " + targets.length + " targets for a batch of " + batch);
    }
    for (int i = 0; i < batch; i++) {
      if (targets[i] < 0 || targets[i] >= classes) {
        throw new IllegalArgumentException(
            what + ": target " + targets[i] + " at " + i + " is out of range [0, " + classes + ")");
      }
    }
  }
}
