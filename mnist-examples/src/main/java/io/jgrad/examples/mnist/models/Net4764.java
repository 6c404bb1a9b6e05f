package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * Chain step 6 ("slimmer"), designed here to have the published 4,764 parameters: 3x3 convolutions
 * 1→8→10→10, max pooling, 1x1 →8, 3x3 8→8→12→12, global average pooling and a 1x1 convolution to 10
 * classes; batch norm, ReLU and dropout after every convolution but the last. Receptive field 28.
 */
final class Net4764 {
  private Net4764() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net4764",
        4764,
        28,
        false,
        "designed: chain 5308 step 6, slimmer GAP net under 5,000",
        Net4764::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(10, 3)
        .block(10, 3)
        .maxPool()
        .block(8, 1)
        .block(8, 3)
        .block(12, 3)
        .block(12, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
