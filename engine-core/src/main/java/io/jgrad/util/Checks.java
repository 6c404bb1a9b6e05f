package io.jgrad.util;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import java.util.Arrays;

/**
 * Argument checks whose messages name the op, the argument and the shapes, e.g. {@code conv2d:
 * weight must have 4 dimensions [outC, inC/groups, kH, kW], got [8, 3, 3]}.
 */
public final class Checks {
  private Checks() {}

  /** Throws {@link IllegalArgumentException} with {@code op: message}. */
  public static IllegalArgumentException error(String op, String message) {
    return new IllegalArgumentException(op + ": " + message);
  }

  /** Requires equal shapes. */
  public static void sameShape(String op, String arg, Shape expected, Shape actual) {
    if (!expected.equals(actual)) {
      throw error(op, arg + " must have shape " + expected + ", got " + actual);
    }
  }

  /** Requires both tensors on one device. */
  public static void sameDevice(String op, Tensor a, Tensor b) {
    if (!a.device().equals(b.device())) {
      throw error(
          op,
          "tensors are on different devices: "
              + a.device()
              + " "
              + a.shape()
              + " and "
              + b.device()
              + " "
              + b.shape());
    }
  }

  /** Requires {@code t.rank() == rank}; {@code layout} describes the expected dims. */
  public static void rank(String op, String arg, Tensor t, int rank, String layout) {
    if (t.rank() != rank) {
      throw error(
          op,
          arg
              + " must have "
              + rank
              + " dimensions "
              + layout
              + ", got "
              + t.rank()
              + " dimensions with shape "
              + t.shape());
    }
  }

  /** Requires a pair of values (as [h, w]) all at least {@code min}. */
  public static int[] pair(String op, String arg, int[] values, int min) {
    if (values == null || (values.length != 1 && values.length != 2)) {
      throw error(op, arg + " must be one int or a pair [h, w], got " + Arrays.toString(values));
    }
    int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    if (p[0] < min || p[1] < min) {
      throw error(op, arg + " must be >= " + min + ", got " + Arrays.toString(values));
    }
    return p;
  }

  /** Requires {@code condition}, else throws {@code op: message}. */
  public static void check(boolean condition, String op, String message) {
    if (!condition) {
      throw error(op, message);
    }
  }
}
