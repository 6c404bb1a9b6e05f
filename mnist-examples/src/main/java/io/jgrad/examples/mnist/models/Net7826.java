package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;

/**
 * The 7,826-parameter network with receptive field 32, laid out layer for layer as the published
 * receptive-field table gives it (two padded 3x3 convolutions at 28x28, 2x2 max pooling to 14, five
 * 3x3 convolutions 14→12→10→8→6→4, global average pooling over the 4x4 map); the channel widths,
 * which the write-up does not give, are chosen here to reach its 7,826 parameters: 1→8→10, then
 * 10→11→12→13→16→10. Batch norm, ReLU and dropout after every convolution but the last, which gives
 * the 10 class maps that the average pooling turns into logits.
 */
final class Net7826 {
  private Net7826() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net7826",
        7826,
        32,
        false,
        "published layout (RF table), designed widths: 8-10 padded | 11-12-13-16 3x3 10 | GAP 4",
        Net7826::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3, 1)
        .block(10, 3, 1)
        .maxPool()
        .block(11, 3)
        .block(12, 3)
        .block(13, 3)
        .block(16, 3)
        .conv(10, 3, 0)
        .gap()
        .logits();
  }
}
