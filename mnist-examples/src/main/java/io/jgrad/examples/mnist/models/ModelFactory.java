package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Module;

/** Builds a fresh, randomly initialized network. */
@FunctionalInterface
public interface ModelFactory {
  /**
   * A new network on the default device.
   *
   * @param dropout the probability of every dropout layer (0 = identity)
   * @param seed seeds the weight initialization and the dropout masks
   */
  Module create(double dropout, long seed);
}
