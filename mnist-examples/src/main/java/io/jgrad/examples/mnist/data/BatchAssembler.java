package io.jgrad.examples.mnist.data;

import io.jgrad.Generator;
import java.util.List;

/**
 * Builds the host data of one batch: ToTensor, the augmentations in order (drawing from one
 * generator seeded per batch, image after image), then normalization. Pure function of its
 * arguments, so any worker thread produces the same floats.
 *
 * <p>With a {@code deferred} rotation (the last augmentation, applied on the device) each image
 * still draws its angle from the generator at the same point, but is neither rotated nor normalized
 * here: the batch carries the angles instead ({@link DeviceRotation}).
 */
final class BatchAssembler {
  private BatchAssembler() {}

  /**
   * The host-side content of a batch: {@code [B, 1, rows, cols]} floats, labels, indices, and the
   * deferred rotation angles (null when nothing is deferred).
   */
  record HostBatch(float[] images, int[] labels, int[] indices, double[] angles) {}

  static HostBatch assemble(
      MnistDataset ds,
      int[] indices,
      List<ImageTransform> augment,
      Normalize normalize,
      RandomRotation deferred,
      long generatorSeed) {
    int rows = ds.rows();
    int cols = ds.cols();
    int per = ds.imageSize();
    float[] images = new float[indices.length * per];
    int[] labels = new int[indices.length];
    double[] angles = deferred == null ? null : new double[indices.length];
    Generator gen = new Generator(generatorSeed);
    for (int b = 0; b < indices.length; b++) {
      int offset = b * per;
      ds.copyImage(indices[b], images, offset);
      labels[b] = ds.label(indices[b]);
      for (ImageTransform t : augment) {
        t.apply(images, offset, 1, rows, cols, gen);
      }
      if (deferred != null) {
        angles[b] = deferred.sampleAngle(gen); // the one draw RandomRotation.apply makes
      } else if (normalize != null) {
        normalize.apply(images, offset, 1, rows, cols);
      }
    }
    return new HostBatch(images, labels, indices, angles);
  }
}
