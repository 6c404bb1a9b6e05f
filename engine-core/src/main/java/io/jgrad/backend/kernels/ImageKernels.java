package io.jgrad.backend.kernels;

import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Interpolation;
import java.util.Arrays;

/**
 * Geometric image transforms over NCHW batches, for data augmentation on the device that trains.
 * Not differentiable: there are no backward kernels.
 */
public interface ImageKernels {
  /**
   * Rotates each image {@code [C, H, W]} of the batch {@code images} ({@code shape} = {@code [N, C,
   * H, W]}) by {@code degrees[n]} counter-clockwise about its centre, keeping the size:
   * torchvision's {@code rotate(img, angle, interpolation, expand=False, center=None, fill)} on a
   * float tensor. Output pixel {@code (i, j)} samples the source at
   *
   * <pre>
   *   x = j - (W-1)/2,  y = i - (H-1)/2,  a = radians(degrees[n])
   *   sx = cos(a) x - sin(a) y + (W-1)/2,  sy = sin(a) x + cos(a) y + (H-1)/2
   * </pre>
   *
   * (in double, {@code cos}/{@code sin} from {@link Math}). Nearest takes the pixel at {@code
   * (rint(sy), rint(sx))}, or the fill outside the image. Bilinear forms {@code val} from the four
   * neighbours that lie inside (the others weigh 0) and {@code mask}, the sum of those weights, and
   * returns {@code val * mask + (1 - mask) * fill}. With {@code fill == null} (torchvision's {@code
   * fill=None}) outside pixels are 0 and nothing is blended.
   *
   * @param fill one value for every channel, one per channel, or null
   * @return a new buffer of the same shape
   */
  Storage rotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill);

  /**
   * Checks the arguments of {@link #rotate} (shared by every backend).
   *
   * @throws IllegalArgumentException naming {@code rotate}, the argument and the sizes
   */
  static void checkRotate(
      Storage images, Shape shape, double[] degrees, Interpolation interpolation, double[] fill) {
    if (shape.rank() != 4) {
      throw new IllegalArgumentException("rotate: images must be [N, C, H, W], got shape " + shape);
    }
    if (images.size() != shape.numel()) {
      throw new IllegalArgumentException(
          "rotate: a buffer of " + images.size() + " elements cannot have shape " + shape);
    }
    if (degrees == null || degrees.length != shape.dim(0)) {
      throw new IllegalArgumentException(
          "rotate: need one angle per image ("
              + shape.dim(0)
              + " for shape "
              + shape
              + "), got "
              + (degrees == null ? "null" : degrees.length));
    }
    for (int i = 0; i < degrees.length; i++) {
      if (!Double.isFinite(degrees[i])) {
        throw new IllegalArgumentException(
            "rotate: angle " + i + " must be finite, got " + degrees[i]);
      }
    }
    if (interpolation == null) {
      throw new IllegalArgumentException("rotate: interpolation is null");
    }
    if (fill != null && fill.length != 1 && fill.length != shape.dim(1)) {
      throw new IllegalArgumentException(
          "rotate: fill needs 1 or "
              + shape.dim(1)
              + " values (one per channel) for shape "
              + shape
              + ", got "
              + Arrays.toString(fill));
    }
  }
}
