package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 5,760-parameter network, designed here to match the published count: 3x3 convolutions
 * 1→8→10→16, max pooling, 1x1 →12, 3x3 12→10→10→12, global average pooling and a 1x1 convolution to
 * 10 classes; batch norm, ReLU and dropout after every convolution but the last. Receptive field
 * 28.
 */
final class Net5760 {
  private Net5760() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net5760",
        5760,
        28,
        false,
        "designed: GAP, to the published count (no RF published)",
        Net5760::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(10, 3)
        .block(16, 3)
        .maxPool()
        .block(12, 1)
        .block(10, 3)
        .block(10, 3)
        .block(12, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
