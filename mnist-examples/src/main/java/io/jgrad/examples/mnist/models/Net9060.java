package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 9,060-parameter GAP network with receptive field 28 and no padding, designed here to match
 * the published count and receptive field: 3x3 convolutions 1→8→12→16, max pooling, 1x1 →10, 3x3
 * 10→14→16→18, global average pooling over the 5x5 map and a 1x1 convolution to 10 classes; batch
 * norm, ReLU and dropout after every convolution but the last.
 */
final class Net9060 {
  private Net9060() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net9060",
        9060,
        28,
        false,
        "designed: GAP, no padding, to the published count and RF 28",
        Net9060::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(12, 3)
        .block(16, 3)
        .maxPool()
        .block(10, 1)
        .block(14, 3)
        .block(16, 3)
        .block(18, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
