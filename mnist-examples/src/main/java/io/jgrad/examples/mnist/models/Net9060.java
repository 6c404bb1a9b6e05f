package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 9,060-parameter network with receptive field 28, laid out layer for layer as the published
 * receptive-field table gives it (two 3x3 convolutions 28→26→24, 2x2 max pooling to 12, four 3x3
 * convolutions 12→10→8→6→4, global average pooling over the 4x4 map); the channel widths, which the
 * write-up does not give, are chosen here to reach its 9,060 parameters: 1→6→7, then 7→14→19→20→10.
 * Batch norm, ReLU and dropout after every convolution but the last, which gives the 10 class maps
 * that the average pooling turns into logits.
 */
final class Net9060 {
  private Net9060() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net9060",
        9060,
        28,
        false,
        "published layout (RF table), designed widths: 6-7 | 14-19-20 3x3 10 | GAP 4",
        Net9060::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(6, 3)
        .block(7, 3)
        .maxPool()
        .block(14, 3)
        .block(19, 3)
        .block(20, 3)
        .conv(10, 3, 0)
        .gap()
        .logits();
  }
}
