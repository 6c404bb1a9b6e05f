package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * Chain step 2 ("lighter skeleton"), designed here to have the published 8,008 parameters: the
 * step-1 layout without batch norm at a tenth of the size, 3x3 convolutions 1→4→8→12, max pooling,
 * 1x1 →10, 3x3 10→10→10 and a 7x7 output convolution. Receptive field 28.
 */
final class Net8008 {
  private Net8008() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net8008",
        8008,
        28,
        false,
        "designed: chain 5308 step 2 (lighter skeleton), no BN, 7x7 output conv; matches the"
            + " published count",
        Net8008::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .plainBlock(4, 3)
        .plainBlock(8, 3)
        .plainBlock(12, 3)
        .maxPool()
        .plainBlock(10, 1)
        .plainBlock(10, 3)
        .plainBlock(10, 3)
        .conv(10, 7, 0)
        .logits();
  }
}
