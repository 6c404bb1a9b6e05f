package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 7,838-parameter network, designed here to match the published count: net7840's first stage
 * (3x3 1→10→10→14), max pooling, 1x1 →10, 3x3 10→12→16→16, then global average pooling and a 1x1
 * convolution to 10 classes instead of the 5x5 output convolution; batch norm, ReLU and dropout
 * after every convolution but the last. Receptive field 28.
 */
final class Net7838 {
  private Net7838() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net7838",
        7838,
        28,
        false,
        "designed: GAP, to the published count (no RF published)",
        Net7838::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(10, 3)
        .block(10, 3)
        .block(14, 3)
        .maxPool()
        .block(10, 1)
        .block(12, 3)
        .block(16, 3)
        .block(16, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
