package io.jgrad.backend.cpu;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.params.Interpolation;

/**
 * Image rotation on float32 buffers, images split across {@link Parallel}; the per-image math is
 * {@link ImageRotation}, rounded once per output pixel, so the result is the same for any number of
 * threads.
 */
final class CpuImage implements ImageKernels {
  /** Output values per parallel chunk, at least one image. */
  private static final int GRAIN_VALUES = 1 << 14;

  private final CpuBackend backend;

  CpuImage(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage rotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill) {
    ImageKernels.checkRotate(images, shape, degrees, interpolation, fill);
    float[] src = CpuStorage.data(images);
    int c = shape.dim(1);
    int h = shape.dim(2);
    int w = shape.dim(3);
    CpuStorage out = backend.uninitialized(src.length);
    float[] dst = out.data;
    int perImage = c * h * w;
    int grain = Math.max(1, GRAIN_VALUES / Math.max(1, perImage));
    boolean nearest = interpolation == Interpolation.NEAREST;
    Parallel.forChunks(
        shape.dim(0),
        grain,
        (start, end) -> {
          for (int b = start; b < end; b++) {
            int at = b * perImage;
            ImageRotation.rotate(src, at, dst, at, c, h, w, degrees[b], nearest, fill);
          }
        });
    return out;
  }
}
