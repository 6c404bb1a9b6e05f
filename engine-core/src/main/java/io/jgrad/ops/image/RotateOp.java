package io.jgrad.ops.image;

import io.jgrad.Tensor;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.util.Checks;

/**
 * Rotation of a batch of images (torchvision's {@code rotate} with {@code expand=False}), for data
 * augmentation. It is not differentiable: the output never requires grad, and an input that would
 * need a gradient is rejected rather than silently cut off from the graph.
 */
public final class RotateOp {
  private RotateOp() {}

  /**
   * {@code images} [N, C, H, W] rotated by {@code degrees[n]} counter-clockwise; see {@link
   * io.jgrad.backend.kernels.ImageKernels#rotate}.
   *
   * @throws IllegalArgumentException for bad shapes or arguments, or when {@code images} requires
   *     grad while gradient recording is on
   */
  public static Tensor apply(
      Tensor images, double[] degrees, Interpolation interpolation, double[] fill) {
    Checks.check(images != null, "rotate", "images is null");
    Checks.rank("rotate", "images", images, 4, "[N, C, H, W]");
    Checks.check(
        !(images.requiresGrad() && GradMode.isEnabled()),
        "rotate",
        "is not differentiable, but images "
            + images.shape()
            + " requires grad; pass images.detach() or call it inside GradMode.noGrad()");
    return Tensor.wrap(
        images
            .backend()
            .image()
            .rotate(images.storage(), images.shape(), degrees, interpolation, fill),
        images.shape());
  }
}
