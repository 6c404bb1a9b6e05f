package io.jgrad.nn.summary;

import io.jgrad.nn.Module;
import io.jgrad.nn.layers.AdaptiveAvgPool2d;
import io.jgrad.nn.layers.AvgPool2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.MaxPool2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Receptive-field arithmetic along one spatial axis, layer by layer. The leaf modules are walked in
 * registration order; convolutions, max/avg pooling and global average pooling change the geometry
 * (global pooling as a window over the whole input, stride 1; adaptive pooling to 1 is global, to a
 * size dividing the input a fixed window), every other layer passes it through. Starting from size
 * n, jump j = 1 and receptive field r = 1, each window layer with kernel k, padding p, stride s and
 * dilation d gives:
 *
 * <pre>
 * n_out = floor((n_in + 2p - d(k-1) - 1) / s) + 1
 * j_out = j_in · s
 * r_out = r_in + d(k-1) · j_in
 * </pre>
 *
 * @param rows one row per window layer
 * @param inputSize the input size along the axis
 * @param axis 0 = height, 1 = width
 */
public record ReceptiveField(List<ReceptiveField.Row> rows, int inputSize, int axis) {
  /**
   * One window layer.
   *
   * @param layer the module's dotted path in the model
   * @param type the module's type name
   * @param kernel window size k
   * @param padding padding p
   * @param stride stride s
   * @param dilation dilation d
   * @param sizeIn n_in
   * @param sizeOut n_out
   * @param jumpIn j_in
   * @param jumpOut j_out
   * @param rfIn r_in
   * @param rfOut r_out
   */
  public record Row(
      String layer,
      String type,
      int kernel,
      int padding,
      int stride,
      int dilation,
      int sizeIn,
      int sizeOut,
      int jumpIn,
      int jumpOut,
      int rfIn,
      int rfOut) {}

  /** Copies the rows. */
  public ReceptiveField {
    rows = List.copyOf(rows);
  }

  /** The table along the height axis for a square input of side {@code inputSize}. */
  public static ReceptiveField of(Module model, int inputSize) {
    return of(model, inputSize, 0);
  }

  /** The table along {@code axis} (0 = height, 1 = width) for input size {@code inputSize}. */
  public static ReceptiveField of(Module model, int inputSize, int axis) {
    if (axis != 0 && axis != 1) {
      throw new IllegalArgumentException("ReceptiveField: axis must be 0 or 1, got " + axis);
    }
    if (inputSize < 1) {
      throw new IllegalArgumentException(
          "ReceptiveField: inputSize must be >= 1, got " + inputSize);
    }
    List<Row> rows = new ArrayList<>();
    int n = inputSize;
    int j = 1;
    int r = 1;
    for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
      Module m = e.getValue();
      if (!m.namedChildren().isEmpty()) {
        continue;
      }
      int[] w = window(m, n, axis, e.getKey());
      if (w == null) {
        continue;
      }
      int k = w[0];
      int p = w[1];
      int s = w[2];
      int d = w[3];
      int extra = m instanceof Conv2d ? ((Conv2d) m).extraPadding()[axis] : 0;
      int span = n + 2 * p + extra - d * (k - 1) - 1;
      if (span < 0) {
        throw new IllegalArgumentException(
            "ReceptiveField: layer "
                + e.getKey()
                + " ("
                + m.name()
                + ") has a window of "
                + (d * (k - 1) + 1)
                + " larger than its padded input "
                + (n + 2 * p));
      }
      int nOut = span / s + 1;
      int rOut = r + d * (k - 1) * j;
      Row row = new Row(e.getKey(), m.name(), k, p, s, d, n, nOut, j, j * s, r, rOut);
      rows.add(row);
      n = row.sizeOut();
      j = row.jumpOut();
      r = row.rfOut();
    }
    return new ReceptiveField(rows, inputSize, axis);
  }

  /** [k, p, s, d] of a window layer along {@code axis}, or null for a pass-through layer. */
  private static int[] window(Module m, int n, int axis, String path) {
    if (m instanceof Conv2d) {
      Conv2d c = (Conv2d) m;
      return new int[] {
        c.kernelSize()[axis], c.padding()[axis], c.stride()[axis], c.dilation()[axis]
      };
    }
    if (m instanceof MaxPool2d) {
      MaxPool2d c = (MaxPool2d) m;
      return new int[] {c.kernelSize()[axis], c.padding()[axis], c.stride()[axis], 1};
    }
    if (m instanceof AvgPool2d) {
      AvgPool2d c = (AvgPool2d) m;
      return new int[] {c.kernelSize()[axis], c.padding()[axis], c.stride()[axis], 1};
    }
    if (m instanceof GlobalAvgPool2d) {
      return new int[] {n, 0, 1, 1};
    }
    if (m instanceof AdaptiveAvgPool2d) {
      int o = ((AdaptiveAvgPool2d) m).outputSize()[axis];
      if (o == 1) {
        return new int[] {n, 0, 1, 1};
      }
      if (n % o != 0) {
        throw new IllegalArgumentException(
            "ReceptiveField: layer "
                + path
                + " (AdaptiveAvgPool2d) pools "
                + n
                + " to "
                + o
                + ", which is not a fixed window");
      }
      return new int[] {n / o, 0, n / o, 1};
    }
    return null;
  }

  /** The receptive field of one output element of the last layer (1 with no window layers). */
  public int receptiveField() {
    return rows.isEmpty() ? 1 : rows.get(rows.size() - 1).rfOut();
  }

  /** The output size along the axis after the last window layer. */
  public int outputSize() {
    return rows.isEmpty() ? inputSize : rows.get(rows.size() - 1).sizeOut();
  }

  /** The table, one line per window layer, then the final receptive field. */
  @Override
  public String toString() {
    String fmt = "%-12s %-18s %6s %7s %6s %8s %7s %8s %8s %8s %6s %6s\n";
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "Layer",
            "Type",
            "Kernel",
            "Padding",
            "Stride",
            "Dilation",
            "Size in",
            "Size out",
            "Jump in",
            "Jump out",
            "RF in",
            "RF out"));
    for (Row x : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              x.layer(),
              x.type(),
              x.kernel(),
              x.padding(),
              x.stride(),
              x.dilation(),
              x.sizeIn(),
              x.sizeOut(),
              x.jumpIn(),
              x.jumpOut(),
              x.rfIn(),
              x.rfOut()));
    }
    return sb.append("Receptive field: ").append(receptiveField()).append('\n').toString();
  }
}
