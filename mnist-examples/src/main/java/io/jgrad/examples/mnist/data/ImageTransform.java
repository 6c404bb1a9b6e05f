package io.jgrad.examples.mnist.data;

import io.jgrad.Generator;

/**
 * A per-image transform applied by the {@link DataLoader} on its worker threads. It changes one
 * {@code [channels, height, width]} image in place and draws any randomness from {@code gen}, which
 * the loader derives from (seed, epoch, batch index), so results are reproducible. Implementations
 * must be stateless (or thread-safe): one instance serves every worker.
 */
@FunctionalInterface
public interface ImageTransform {
  /**
   * Transforms the image stored row-major in {@code data[offset .. offset + c*h*w)} in place.
   *
   * @param gen the random source for this image (draw from it in a fixed order)
   */
  void apply(float[] data, int offset, int channels, int height, int width, Generator gen);
}
