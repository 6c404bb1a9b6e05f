package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The published 7,840-parameter network (conformance case "model"): 3x3 convolutions 1→10→10→15,
 * max pooling, a 1x1 convolution 15→10, three 3x3 convolutions 10→10 and a 5x5 10→10 output
 * convolution; batch norm, ReLU and dropout after every convolution but the last. Spatial sizes
 * 28→26→24→22→11→11→9→7→5→1, receptive field 28.
 */
final class Net7840 {
  private Net7840() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net7840",
        7840,
        28,
        true,
        "published: 7,840-parameter net, 5x5 output conv instead of GAP",
        Net7840::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(10, 3)
        .block(10, 3)
        .block(15, 3)
        .maxPool()
        .block(10, 1)
        .block(10, 3)
        .block(10, 3)
        .block(10, 3)
        .conv(10, 5, 0)
        .logits();
  }
}
