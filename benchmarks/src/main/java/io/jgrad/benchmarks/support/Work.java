package io.jgrad.benchmarks.support;

import java.util.Locale;

/**
 * The arithmetic and the compulsory memory traffic of one benchmark operation, used to turn a
 * measured time into GFLOP/s and GB/s.
 *
 * @param flops floating-point operations per operation (a multiply-add counts as two)
 * @param bytes bytes that must cross the memory interface per operation at least: every input read
 *     once and every output written once, as float32
 */
public record Work(double flops, double bytes) {
  /** Validates the counts. */
  public Work {
    if (!(flops >= 0) || !(bytes >= 0)) {
      throw new IllegalArgumentException(
          "Work: flops and bytes must be >= 0, got " + flops + " and " + bytes);
    }
  }

  /** GFLOP/s when one operation takes {@code seconds}. */
  public double gflops(double seconds) {
    return flops / seconds / 1e9;
  }

  /** GB/s (10^9 bytes) when one operation takes {@code seconds}. */
  public double gbytes(double seconds) {
    return bytes / seconds / 1e9;
  }

  /** Operations per byte of compulsory traffic (the roofline's x axis). */
  public double intensity() {
    return bytes == 0 ? Double.POSITIVE_INFINITY : flops / bytes;
  }

  /** "12.3 MFLOP, 4.5 MB per op" style summary. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%.3f MFLOP, %.3f MB per op (%.2f FLOP/byte)",
        flops / 1e6,
        bytes / 1e6,
        intensity());
  }

  /** "x GFLOP/s, y GB/s" at {@code seconds} per op. */
  public String rates(double seconds) {
    return String.format(Locale.ROOT, "%.2f GFLOP/s, %.2f GB/s", gflops(seconds), gbytes(seconds));
  }
}
