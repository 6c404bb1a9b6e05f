package io.jgrad.examples.mnist.data;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;

/**
 * The last two steps of the image pipeline done on the training device instead of the loader's
 * threads: a {@link RandomRotation} whose angles the workers drew (from the same generator, at the
 * same point, as the host path) and then the {@link Normalize}. Rotating before normalizing keeps
 * torchvision's order, so the fill is blended in [0, 1] pixel space exactly as on the host; the
 * normalization divides (it does not multiply by 1/std), so it rounds as {@link Normalize} does.
 */
final class DeviceRotation {
  private final RandomRotation rotation;
  private final Normalize normalize;

  /** Rotation by {@code rotation}'s rule, then {@code normalize} (null for none). */
  DeviceRotation(RandomRotation rotation, Normalize normalize) {
    this.rotation = rotation;
    this.normalize = normalize;
  }

  /** The rotation whose angles the workers draw. */
  RandomRotation rotation() {
    return rotation;
  }

  /** Rotates {@code raw} [B, C, H, W] by {@code angles} and normalizes it; closes {@code raw}. */
  Tensor finish(Tensor raw, double[] angles) {
    Device device = raw.device();
    int c = raw.dim(1);
    Tensor rotated =
        Functional.rotate(raw, angles, rotation.interpolation().toKernel(), rotation.fill());
    raw.close();
    if (normalize == null) {
      return rotated;
    }
    try (Tensor m = perChannel(c, true, device);
        Tensor s = perChannel(c, false, device);
        Tensor centred = rotated.sub(m)) {
      rotated.close();
      return centred.div(s);
    }
  }

  /**
   * The means (or stds) as a [1, C, 1, 1] tensor; [1, 1, 1, 1] filled on the device when every
   * channel has the same value (no host transfer, so the stream keeps running).
   */
  private Tensor perChannel(int c, boolean mean, Device device) {
    float[] v = new float[c];
    boolean uniform = true;
    for (int ch = 0; ch < c; ch++) {
      v[ch] = mean ? normalize.mean(ch) : normalize.std(ch);
      uniform &= v[ch] == v[0];
    }
    return uniform
        ? Tensors.full(Shape.of(1, 1, 1, 1), v[0], device)
        : Tensors.fromArray(v, Shape.of(1, c, 1, 1), device);
  }
}
