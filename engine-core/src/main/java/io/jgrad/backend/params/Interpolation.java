package io.jgrad.backend.params;

/** How an image transform samples its source between pixel centres (torchvision's names). */
public enum Interpolation {
  /** The nearest source pixel, coordinates rounded half to even. */
  NEAREST,
  /** The four surrounding source pixels, weighted by distance. */
  BILINEAR
}
