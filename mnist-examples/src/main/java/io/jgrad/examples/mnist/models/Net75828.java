package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * Chain step 1 ("setup"), designed here to have the published 75,828 parameters: a plain network
 * without batch norm, 3x3 convolutions 1→20→32→32, max pooling, 1x1 →16, 3x3 16→40→64 and a 7x7
 * output convolution 64→10 over the 7x7 map. Receptive field 28.
 */
final class Net75828 {
  private Net75828() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net75828",
        75828,
        28,
        false,
        "designed: chain 5308 step 1 (setup), no BN, 7x7 output conv; matches the published"
            + " count",
        Net75828::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .plainBlock(20, 3)
        .plainBlock(32, 3)
        .plainBlock(32, 3)
        .maxPool()
        .plainBlock(16, 1)
        .plainBlock(40, 3)
        .plainBlock(64, 3)
        .conv(10, 7, 0)
        .logits();
  }
}
