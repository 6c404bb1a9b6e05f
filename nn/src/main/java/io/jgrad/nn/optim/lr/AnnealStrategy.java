package io.jgrad.nn.optim.lr;

import java.util.Locale;

/** How {@link OneCycleLR} moves between two values within a phase. */
public enum AnnealStrategy {
  /** Half a cosine: {@code end + (start - end) / 2 * (cos(pi * pct) + 1)}. */
  COS,
  /** A straight line: {@code (end - start) * pct + start}. */
  LINEAR;

  /**
   * Parses PyTorch's names {@code "cos"} and {@code "linear"} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static AnnealStrategy of(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (n.equals("cos")) {
      return COS;
    }
    if (n.equals("linear")) {
      return LINEAR;
    }
    throw new IllegalArgumentException(
        "OneCycleLR: anneal_strategy must be one of cos|linear, got '" + name + "'");
  }

  /** The value at fraction {@code pct} of the way from {@code start} to {@code end}. */
  public double anneal(double start, double end, double pct) {
    if (this == COS) {
      double cosOut = Math.cos(Math.PI * pct) + 1;
      return end + (start - end) / 2.0 * cosOut;
    }
    return (end - start) * pct + start;
  }
}
