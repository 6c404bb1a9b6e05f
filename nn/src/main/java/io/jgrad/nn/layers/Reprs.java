package io.jgrad.nn.layers;

import java.math.BigDecimal;

/** Formatting that matches Python's {@code repr}, for the layers' PyTorch-style extra reprs. */
final class Reprs {
  private Reprs() {}

  /** A double as Python prints it: {@code 0.1}, {@code 1e-05}, {@code 1.0}. */
  static String pyFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    String plain = bd.toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /** A Python bool. */
  static String pyBool(boolean b) {
    return b ? "True" : "False";
  }

  /** A pair as a Python tuple: {@code (3, 3)}. */
  static String tuple(int[] pair) {
    return "(" + pair[0] + ", " + pair[1] + ")";
  }

  /** One int when both entries agree, else the tuple (how PyTorch pooling layers print). */
  static String intOrTuple(int[] pair) {
    return pair[0] == pair[1] ? Integer.toString(pair[0]) : tuple(pair);
  }

  /** Expands one value or validates a pair {@code [h, w]}, each at least {@code min}. */
  static int[] pair(String layer, String arg, int[] values, int min) {
    if (values == null || (values.length != 1 && values.length != 2)) {
      throw new IllegalArgumentException(
          layer
              + ": "
              + arg
              + " must be one int or a pair [h, w], got "
              + java.util.Arrays.toString(values));
    }
    int[] p = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
    if (p[0] < min || p[1] < min) {
      throw new IllegalArgumentException(
          layer + ": " + arg + " must be >= " + min + ", got " + java.util.Arrays.toString(values));
    }
    return p;
  }
}
