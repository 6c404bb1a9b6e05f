package io.jgrad.nn.loss;

import io.jgrad.Tensor;

/** A classification loss over a batch: input [N, C] and one class index per sample. */
public interface Loss {
  /**
   * The loss, a 0-d tensor.
   *
   * @param input [N, C] scores of the batch
   * @param targets N class indices, each in [0, C)
   */
  Tensor forward(Tensor input, int[] targets);
}
