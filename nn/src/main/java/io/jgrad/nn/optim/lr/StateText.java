package io.jgrad.nn.optim.lr;

import java.util.Map;

/**
 * Exact text encodings for scheduler state dicts: {@link Double#toString(double)} round-trips every
 * double (including infinities), so a state saved as strings (e.g. safetensors metadata) restores
 * bit-identically.
 */
final class StateText {
  private StateText() {}

  static String doubles(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Double.toString(values[i]));
    }
    return sb.toString();
  }

  static String require(String op, Map<String, String> state, String key) {
    if (state == null) {
      throw new IllegalArgumentException(op + ": state must not be null");
    }
    String v = state.get(key);
    if (v == null) {
      throw new IllegalArgumentException(op + ": state lacks '" + key + "'; has " + state.keySet());
    }
    return v;
  }

  static double[] parseDoubles(String op, Map<String, String> state, String key, int count) {
    String text = require(op, state, key);
    String[] parts = text.isEmpty() ? new String[0] : text.split(",", -1);
    if (parts.length != count) {
      throw new IllegalArgumentException(
          op
              + ": '"
              + key
              + "' holds "
              + parts.length
              + " values, expected "
              + count
              + " (one per param group)");
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = parseDouble(op, key, parts[i]);
    }
    return out;
  }

  static double parseDouble(String op, Map<String, String> state, String key) {
    return parseDouble(op, key, require(op, state, key));
  }

  static int parseInt(String op, Map<String, String> state, String key) {
    String text = require(op, state, key);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(op + ": '" + key + "' is not an integer: " + text, e);
    }
  }

  static void requireKind(String op, Map<String, String> state, String kind) {
    String saved = require(op, state, "scheduler");
    if (!saved.equals(kind)) {
      throw new IllegalArgumentException(
          op + ": the state was saved by scheduler '" + saved + "', this one is " + kind);
    }
  }

  private static double parseDouble(String op, String key, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(op + ": '" + key + "' is not a number: " + text, e);
    }
  }
}
