package io.jgrad.backend.cpu;

/**
 * Sums of float data accumulated in double, with four independent accumulators so the loop is not
 * bound by add latency. Deterministic: the order depends only on the length.
 */
final class Sums {
  private Sums() {}

  /** Sum of {@code a[off, off + len)}. */
  static double sum(float[] a, int off, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = off;
    int end = off + len;
    for (; i + 4 <= end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
