package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 7,826-parameter GAP network with receptive field 32, designed here to match the published
 * count and receptive field: two padded 3x3 convolutions 1→10→10 at 28x28, max pooling, 3x3
 * 10→16→16→18 (14→12→10→8), 1x1 18→12, global average pooling over the 8x8 map and a 1x1
 * convolution to 10 classes; batch norm, ReLU and dropout after every convolution but the last.
 */
final class Net7826 {
  private Net7826() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net7826",
        7826,
        32,
        false,
        "designed: GAP, two padded 3x3 first, to the published count and RF 32",
        Net7826::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(10, 3, 1)
        .block(10, 3, 1)
        .maxPool()
        .block(16, 3)
        .block(16, 3)
        .block(18, 3)
        .block(12, 1)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
