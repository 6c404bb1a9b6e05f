package io.jgrad.examples.mnist.data;

/** How {@link RandomRotation#rotate} samples the source image (torchvision's modes). */
public enum Interpolation {
  /** The nearest source pixel, rounding half to even. */
  NEAREST,
  /** Bilinear interpolation of the four neighbouring source pixels. */
  BILINEAR;

  /** The engine's name for this mode (for {@link io.jgrad.functional.Functional#rotate}). */
  public io.jgrad.backend.params.Interpolation toKernel() {
    return io.jgrad.backend.params.Interpolation.valueOf(name());
  }
}
