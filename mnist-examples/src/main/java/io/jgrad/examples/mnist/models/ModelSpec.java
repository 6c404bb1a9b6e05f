package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Module;

/**
 * A registered network: its name (after its parameter count), the parameter count and receptive
 * field it must have, and where it comes from.
 *
 * @param name the name used on the command line, e.g. {@code net7840}
 * @param params the exact number of trainable parameters (batch-norm weight and bias counted,
 *     running statistics not)
 * @param receptiveField the receptive field in pixels of one output, global pooling included
 * @param published whether the architecture is the published one (true) or designed here to match a
 *     published parameter count and receptive field (false)
 * @param lineage one line: where the network comes from and what it changes
 * @param factory builds the network
 */
public record ModelSpec(
    String name,
    int params,
    int receptiveField,
    boolean published,
    String lineage,
    ModelFactory factory) {
  /** A new network with the given dropout and seed. */
  public Module create(double dropout, long seed) {
    return factory.create(dropout, seed);
  }
}
