package io.jgrad.nn.onnx;

import static io.jgrad.nn.onnx.OnnxGraph.floatAttr;
import static io.jgrad.nn.onnx.OnnxGraph.intAttr;
import static io.jgrad.nn.onnx.OnnxGraph.ints;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.nn.layers.AdaptiveAvgPool2d;
import io.jgrad.nn.layers.AvgPool2d;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.Dropout2d;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.Identity;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.layers.Softmax;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Writes one layer in its evaluation-mode form as ONNX nodes. Only the exact layer classes are
 * translated (a subclass may override {@code forward}); dropout and identity layers write nothing.
 * Parameters become initializers named by their state-dict keys ({@code 0.weight}).
 */
final class OnnxLayers {
  /** The layer classes {@link #write} translates, for error messages. */
  static final String SUPPORTED =
      "Conv2d, BatchNorm2d, ReLU, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, GlobalAvgPool2d,"
          + " Linear, Flatten, LogSoftmax, Softmax, Dropout, Dropout2d, Identity (and Sequential"
          + " containers of them)";

  private static final Set<Class<?>> LAYERS =
      Set.of(
          Conv2d.class,
          BatchNorm2d.class,
          ReLU.class,
          MaxPool2d.class,
          AvgPool2d.class,
          AdaptiveAvgPool2d.class,
          GlobalAvgPool2d.class,
          Linear.class,
          Flatten.class,
          LogSoftmax.class,
          Softmax.class,
          Dropout.class,
          Dropout2d.class,
          Identity.class);

  private final OnnxGraph g;

  OnnxLayers(OnnxGraph g) {
    this.g = g;
  }

  /**
   * Checks that layer {@code m} at {@code path} can be exported.
   *
   * @throws IllegalArgumentException naming the layer, its index and the supported layers
   */
  static void requireSupported(String path, Module m) {
    if (!LAYERS.contains(m.getClass())) {
      throw new IllegalArgumentException(
          "OnnxExport: layer "
              + where(path)
              + " ("
              + m.getClass().getSimpleName()
              + ") cannot be exported to ONNX; supported layers: "
              + SUPPORTED);
    }
  }

  /** Whether layer {@code m} writes no node (dropout and identity in evaluation mode). */
  static boolean isPassThrough(Module m) {
    Class<?> c = m.getClass();
    return c == Dropout.class || c == Dropout2d.class || c == Identity.class;
  }

  /**
   * Writes layer {@code m} at {@code path}, reading tensor {@code x} of traced shape {@code in};
   * returns the name of its output tensor.
   *
   * @throws IllegalArgumentException naming the layer and its index when it cannot be exported
   */
  String write(String path, Module m, String x, int[] in) {
    Class<?> c = m.getClass();
    String at = path + "/";
    requireSupported(path, m);
    if (isPassThrough(m)) {
      return x;
    } else if (c == ReLU.class) {
      return g.node("Relu", at + "Relu", List.of(x));
    } else if (c == Conv2d.class) {
      return conv(path, (Conv2d) m, x);
    } else if (c == BatchNorm2d.class) {
      return batchNorm(path, (BatchNorm2d) m, x);
    } else if (c == MaxPool2d.class) {
      MaxPool2d p = (MaxPool2d) m;
      return g.node(
          "MaxPool",
          at + "MaxPool",
          List.of(x),
          ints("kernel_shape", p.kernelSize()),
          ints("strides", p.stride()),
          ints("pads", pads(p.padding())));
    } else if (c == AvgPool2d.class) {
      AvgPool2d p = (AvgPool2d) m;
      return g.node(
          "AveragePool",
          at + "AveragePool",
          List.of(x),
          ints("kernel_shape", p.kernelSize()),
          ints("strides", p.stride()),
          ints("pads", pads(p.padding())),
          intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
    } else if (c == GlobalAvgPool2d.class) {
      return g.node("GlobalAveragePool", at + "GlobalAveragePool", List.of(x));
    } else if (c == AdaptiveAvgPool2d.class) {
      return adaptive(path, ((AdaptiveAvgPool2d) m).outputSize(), x, in);
    } else if (c == Linear.class) {
      return linear(path, (Linear) m, x);
    } else if (c == Flatten.class) {
      return flatten(path, (Flatten) m, x, in);
    } else if (c == LogSoftmax.class) {
      int dim = ((LogSoftmax) m).dim();
      return g.node("LogSoftmax", at + "LogSoftmax", List.of(x), intAttr("axis", dim));
    } else {
      int dim = ((Softmax) m).dim();
      return g.node("Softmax", at + "Softmax", List.of(x), intAttr("axis", dim));
    }
  }

  private String conv(String path, Conv2d m, String x) {
    Tensor w = m.weight();
    String wName = g.floats(key(path, "weight"), w.toArray(), w.shape().dims());
    String bName = null;
    if (m.bias() != null) {
      bName = g.floats(key(path, "bias"), m.bias().toArray(), m.outChannels());
    }
    List<String> inputs = bName == null ? List.of(x, wName) : List.of(x, wName, bName);
    return g.node(
        "Conv",
        path + "/Conv",
        inputs,
        ints("kernel_shape", m.kernelSize()),
        ints("strides", m.stride()),
        ints("pads", pads(m.padding())),
        ints("dilations", m.dilation()),
        intAttr("group", m.groups()));
  }

  private String batchNorm(String path, BatchNorm2d m, String x) {
    if (!m.trackRunningStats()) {
      throw new IllegalArgumentException(
          "OnnxExport: layer "
              + where(path)
              + " (BatchNorm2d) has track_running_stats=False, so it normalizes with batch"
              + " statistics even in evaluation mode; ONNX BatchNormalization needs running"
              + " statistics");
    }
    int c = m.numFeatures();
    float[] scale = m.affine() ? m.weight().toArray() : filled(c, 1f);
    float[] shift = m.affine() ? m.bias().toArray() : filled(c, 0f);
    List<String> inputs =
        List.of(
            x,
            g.floats(key(path, "weight"), scale, c),
            g.floats(key(path, "bias"), shift, c),
            g.floats(key(path, "running_mean"), m.runningMean().toArray(), c),
            g.floats(key(path, "running_var"), m.runningVar().toArray(), c));
    return g.node(
        "BatchNormalization",
        path + "/BatchNormalization",
        inputs,
        floatAttr("epsilon", (float) m.eps()));
  }

  private String adaptive(String path, int[] out, String x, int[] in) {
    if (out[0] == 1 && out[1] == 1) {
      return g.node("GlobalAveragePool", path + "/GlobalAveragePool", List.of(x));
    }
    int h = in[2];
    int w = in[3];
    if (h % out[0] != 0 || w % out[1] != 0) {
      throw new IllegalArgumentException(
          "OnnxExport: layer "
              + where(path)
              + " (AdaptiveAvgPool2d) pools a "
              + h
              + "x"
              + w
              + " map to "
              + out[0]
              + "x"
              + out[1]
              + "; ONNX has no adaptive pooling, so only output sizes that divide the input"
              + " size (or 1x1) can be exported");
    }
    int[] k = {h / out[0], w / out[1]};
    return g.node(
        "AveragePool",
        path + "/AveragePool",
        List.of(x),
        ints("kernel_shape", k),
        ints("strides", k),
        ints("pads", 0, 0, 0, 0));
  }

  private String linear(String path, Linear m, String x) {
    // jgrad's linear takes [N, in] only, so Gemm (y = x·Wᵀ + b) covers every traced case.
    String w = g.floats(key(path, "weight"), m.weight().toArray(), m.outFeatures(), m.inFeatures());
    List<String> inputs =
        m.bias() == null
            ? List.of(x, w)
            : List.of(x, w, g.floats(key(path, "bias"), m.bias().toArray(), m.outFeatures()));
    return g.node("Gemm", path + "/Gemm", inputs, intAttr("transB", 1));
  }

  private String flatten(String path, Flatten m, String x, int[] in) {
    int r = in.length;
    int start = m.startDim() < 0 ? m.startDim() + r : m.startDim();
    int end = m.endDim() < 0 ? m.endDim() + r : m.endDim();
    if (start == 1 && end == r - 1) {
      return g.node("Flatten", path + "/Flatten", List.of(x), intAttr("axis", 1));
    }
    // Any other span: Reshape to the traced shape, copying the batch size (0) or inferring it.
    long[] shape = new long[r - (end - start)];
    int k = 0;
    for (int i = 0; i < r; i++) {
      if (i <= start || i > end) {
        shape[k++] =
            i == start
                ? Arrays.stream(in, start, end + 1).asLongStream().reduce(1, (a, b) -> a * b)
                : in[i];
      }
    }
    shape[0] = start == 0 ? -1 : 0;
    String s = g.int64s(key(path, "shape"), shape);
    return g.node("Reshape", path + "/Reshape", List.of(x, s));
  }

  /** The initializer name of {@code name} at {@code path}: the state-dict key. */
  private static String key(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A layer's index for messages: its dotted path in the model. */
  static String where(String path) {
    return path.isEmpty() ? "(the model itself)" : path;
  }

  /** PyTorch's symmetric [padH, padW] as ONNX's [top, left, bottom, right]. */
  private static int[] pads(int[] p) {
    return new int[] {p[0], p[1], p[0], p[1]};
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
