package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * Chain step 3 ("global average pooling"), designed here to have the published 6,748 parameters: no
 * batch norm yet, 3x3 convolutions 1→12→12→16, max pooling, 1x1 →8, 3x3 8→8→14→14, global average
 * pooling over the 5x5 map and a 1x1 convolution to 10 classes. Receptive field 28.
 */
final class Net6748 {
  private Net6748() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net6748",
        6748,
        28,
        false,
        "designed: chain 5308 step 3, GAP replaces the 7x7 conv, no BN",
        Net6748::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .plainBlock(12, 3)
        .plainBlock(12, 3)
        .plainBlock(16, 3)
        .maxPool()
        .plainBlock(8, 1)
        .plainBlock(8, 3)
        .plainBlock(14, 3)
        .plainBlock(14, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
