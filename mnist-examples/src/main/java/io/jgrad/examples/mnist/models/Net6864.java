package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * Chain steps 4 and 5 ("batch norm", then "dropout"), designed here to have the published 6,864
 * parameters: 3x3 convolutions 1→8→10→10, max pooling, 1x1 →8, 3x3 8→10→16→18, global average
 * pooling and a 1x1 convolution to 10 classes; batch norm, ReLU and dropout after every convolution
 * but the last. Receptive field 28.
 */
final class Net6864 {
  private Net6864() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net6864",
        6864,
        28,
        false,
        "designed: chain 5308 steps 4-5, batch norm then dropout",
        Net6864::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(10, 3)
        .block(10, 3)
        .maxPool()
        .block(8, 1)
        .block(10, 3)
        .block(16, 3)
        .block(18, 3)
        .gap()
        .conv(10, 1, 0)
        .logits();
  }
}
