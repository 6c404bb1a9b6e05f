package io.jgrad.nn.data;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.Normalize;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;
import java.util.List;

/**
 * The tail of a loader's transform run on the batch's device at hand-over instead of on the
 * workers: a {@link RandomRotation} whose angles the workers drew (from the same generator, at the
 * same point, as the host path) and then, if the transform ends with one, a {@link Normalize}.
 * Rotating before normalizing keeps the host order, so the fill is blended in the same pixel space;
 * the normalization divides (it does not multiply by 1/std), so it rounds as {@link Normalize}
 * does. The engine's rotation kernel and the host transform share their arithmetic, so on the CPU
 * both paths give the same bits.
 */
final class DeviceRotation {
  private final RandomRotation rotation;
  private final Normalize normalize;

  /** What the workers run ({@code host}, null for nothing) and what runs at hand-over. */
  record Split(Transform host, DeviceRotation device) {}

  private DeviceRotation(RandomRotation rotation, Normalize normalize) {
    this.rotation = rotation;
    this.normalize = normalize;
  }

  /**
   * Splits {@code transform} when it is a {@link RandomRotation}, or a {@link Compose} whose last
   * steps are a {@code RandomRotation} optionally followed by a {@link Normalize}: those steps go
   * to the device. Any other transform stays whole on the workers ({@code device} null).
   */
  static Split split(Transform transform) {
    List<Transform> steps =
        transform instanceof Compose c
            ? c.transforms()
            : transform == null ? List.of() : List.of(transform);
    int n = steps.size();
    Normalize norm = n > 0 && steps.get(n - 1) instanceof Normalize x ? x : null;
    int r = norm == null ? n - 1 : n - 2;
    if (r < 0 || !(steps.get(r) instanceof RandomRotation rot)) {
      return new Split(transform, null);
    }
    List<Transform> head = steps.subList(0, r);
    Transform host =
        head.isEmpty()
            ? null
            : head.size() == 1 ? head.get(0) : new Compose(head.toArray(new Transform[0]));
    return new Split(host, new DeviceRotation(rot, norm));
  }

  /** The rotation whose angles the workers draw. */
  RandomRotation rotation() {
    return rotation;
  }

  /** Rotates {@code raw} [B, C, H, W] by {@code angles} and normalizes it; closes {@code raw}. */
  Tensor finish(Tensor raw, double[] angles) {
    Device device = raw.device();
    int c = raw.dim(1);
    Tensor rotated = Functional.rotate(raw, angles, rotation.interpolation(), rotation.fill());
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
   * channel has the same value (no host transfer, so a device stream keeps running).
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
