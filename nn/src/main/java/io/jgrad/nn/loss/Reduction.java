package io.jgrad.nn.loss;

/** How a loss combines the per-sample losses, as PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** The mean over the batch (PyTorch's default). */
  MEAN,
  /** The sum over the batch. */
  SUM;

  /** PyTorch's spelling: {@code "mean"} or {@code "sum"}. */
  @Override
  public String toString() {
    return this == MEAN ? "mean" : "sum";
  }
}
