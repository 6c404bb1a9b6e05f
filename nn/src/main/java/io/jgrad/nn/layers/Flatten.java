package io.jgrad.nn.layers;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;

/**
 * Merges dims {@code startDim..endDim} (inclusive; negative counts from the end) into one, like
 * {@code torch.nn.Flatten}; the default keeps the batch dim: [N, C, H, W] to [N, C·H·W].
 */
public class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** start_dim 1, end_dim -1. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dims {@code startDim..endDim}. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.flatten(startDim, endDim);
  }

  /** The first merged dim. */
  public int startDim() {
    return startDim;
  }

  /** The last merged dim. */
  public int endDim() {
    return endDim;
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
