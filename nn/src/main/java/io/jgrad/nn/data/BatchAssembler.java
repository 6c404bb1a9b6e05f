package io.jgrad.nn.data;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;

/**
 * Builds the host data of one batch: each sample in order is read, transformed (every transform
 * drawing from one generator seeded for the batch, sample after sample) and copied into one array.
 * A pure function of its arguments, so any worker thread produces the same floats.
 *
 * <p>With a {@code deferred} rotation (run on the device at hand-over, {@link DeviceRotation}) each
 * sample still draws its angle from the generator right after {@code transform}, at the point where
 * the rotation would have drawn it, but is not rotated here: the batch carries the angles instead.
 *
 * <p>When the dataset's images share one shape ({@link Dataset#imageShape()}) and the transform
 * works in place, each image is copied straight into the batch array and transformed there: the
 * same floats and draws, without a tensor per sample.
 */
final class BatchAssembler {
  private BatchAssembler() {}

  /**
   * A batch on the host: {@code images} of {@code shape} {@code [B, C, H, W]}, labels, indices, and
   * the deferred rotation angles in degrees (null when nothing is deferred).
   */
  record HostBatch(float[] images, Shape shape, int[] labels, int[] indices, double[] angles) {}

  static HostBatch assemble(Dataset ds, int[] indices, Transform transform, long generatorSeed) {
    return assemble(ds, indices, transform, null, generatorSeed);
  }

  static HostBatch assemble(
      Dataset ds, int[] indices, Transform transform, RandomRotation deferred, long generatorSeed) {
    Shape chw = ds.imageShape();
    if (chw != null && chw.rank() == 3 && (transform == null || transform.inPlace())) {
      return inPlace(ds, chw, indices, transform, deferred, new Generator(generatorSeed));
    }
    Generator gen = new Generator(generatorSeed);
    int[] labels = new int[indices.length];
    double[] angles = deferred == null ? null : new double[indices.length];
    float[] images = null;
    Shape first = null;
    for (int b = 0; b < indices.length; b++) {
      float[] x;
      Shape s;
      try (Sample sample = ds.get(indices[b])) {
        labels[b] = sample.label();
        Tensor img = sample.image();
        Tensor out = transform == null ? img : transform.apply(img, gen);
        try {
          s = out.shape();
          x = out.toArray();
        } finally {
          if (out != img) {
            out.close();
          }
        }
      }
      if (deferred != null) {
        angles[b] = deferred.sampleAngle(gen); // the one draw RandomRotation.apply makes
      }
      if (first == null) {
        first = s;
        images = new float[indices.length * x.length];
      } else if (!s.equals(first)) {
        throw new IllegalArgumentException(
            "DataLoader: samples of one batch must have one shape: dataset index "
                + indices[0]
                + " gave "
                + first
                + ", dataset index "
                + indices[b]
                + " gave "
                + s);
      }
      System.arraycopy(x, 0, images, b * x.length, x.length);
    }
    int[] dims = new int[first.rank() + 1];
    dims[0] = indices.length;
    for (int i = 0; i < first.rank(); i++) {
      dims[i + 1] = first.dim(i);
    }
    return new HostBatch(images, Shape.of(dims), labels, indices, angles);
  }

  private static HostBatch inPlace(
      Dataset ds,
      Shape chw,
      int[] indices,
      Transform transform,
      RandomRotation deferred,
      Generator gen) {
    int c = chw.dim(0);
    int h = chw.dim(1);
    int w = chw.dim(2);
    int per = c * h * w;
    float[] images = new float[indices.length * per];
    int[] labels = new int[indices.length];
    double[] angles = deferred == null ? null : new double[indices.length];
    for (int b = 0; b < indices.length; b++) {
      int offset = b * per;
      ds.copyImage(indices[b], images, offset);
      labels[b] = ds.label(indices[b]);
      if (transform != null) {
        transform.applyInPlace(images, offset, c, h, w, gen);
      }
      if (deferred != null) {
        angles[b] = deferred.sampleAngle(gen);
      }
    }
    return new HostBatch(images, Shape.of(indices.length, c, h, w), labels, indices, angles);
  }
}
