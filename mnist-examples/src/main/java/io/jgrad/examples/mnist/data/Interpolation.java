package io.jgrad.examples.mnist.data;

/** How {@link RandomRotation#rotate} samples the source image (torchvision's modes). */
public enum Interpolation {
  /** The nearest source pixel, rounding half to even. */
  NEAREST,
  /** Bilinear interpolation of the four neighbouring source pixels. */
  BILINEAR
}
