package io.jgrad.nn.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.Version;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backends;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.Softmax;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Exports a network in its evaluation-mode form to an ONNX model (opset {@value #OPSET}), readable
 * by ONNX Runtime, TensorRT, OpenVINO and the other runtimes:
 *
 * <pre>{@code
 * OnnxExport.export(model, "net7840", Path.of("net7840.onnx"));   // input [N, 1, 28, 28]
 * }</pre>
 *
 * <p>The model is a {@link Sequential} (nested ones are walked) of the layers {@link
 * OnnxLayers#SUPPORTED lists}; any other layer is refused with its index and class. The graph input
 * is {@value #INPUT}, float32 of shape [N, C, H, W] with a symbolic batch dimension {@code N}; the
 * output is named for what it holds: {@code log_probs} after a final LogSoftmax, {@code probs}
 * after a Softmax, {@code logits} otherwise. Batch norm is written in its inference form with the
 * running statistics, dropout is left out, and a batch norm followed by a ReLU (which jgrad runs
 * fused) is written as its two ops. Initializers carry the state-dict keys ({@code 0.weight}). The
 * model's metadata holds the producer (jgrad and its version), the model name and the parameter
 * count. The protobuf messages come from the ONNX schema classes that {@code
 * org.tribuo:tribuo-util-onnx} generates from the official {@code onnx-ml.proto}.
 */
public final class OnnxExport {
  /** The ONNX operator set the graph is written against. */
  public static final int OPSET = 17;

  /** The name of the graph input. */
  public static final String INPUT = "input";

  private static final int TRACE_BATCH = 2;

  private OnnxExport() {}

  /** Writes {@code model} (input [N, 1, 28, 28]) to {@code file} as ONNX, atomically. */
  public static void export(Module model, String modelName, Path file) {
    export(model, modelName, new int[] {1, 28, 28}, file);
  }

  /** Writes {@code model} with input [N, C, H, W] = [N, inputChw...] to {@code file}. */
  public static void export(Module model, String modelName, int[] inputChw, Path file) {
    byte[] bytes = toModelProto(model, modelName, inputChw).toByteArray();
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    try {
      Path dir = abs.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.write(tmp, bytes);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write error below is the one to report
      }
      throw new UncheckedIOException("OnnxExport: cannot write " + file + ": " + e, e);
    }
  }

  /** The ONNX model of {@code model} with input [N, inputChw...], without writing it. */
  public static ModelProto toModelProto(Module model, String modelName, int... inputChw) {
    if (model == null) {
      throw new IllegalArgumentException("OnnxExport: model must not be null");
    }
    if (modelName == null || modelName.isBlank()) {
      throw new IllegalArgumentException("OnnxExport: model name must not be empty");
    }
    if (inputChw.length != 3 || Arrays.stream(inputChw).anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException(
          "OnnxExport: input shape must be [C, H, W] with every size >= 1, got "
              + Arrays.toString(inputChw));
    }
    Map<String, Module> layers = new LinkedHashMap<>();
    leaves("", model, layers);
    layers.forEach(OnnxLayers::requireSupported);
    List<int[]> shapes = trace(model, layers, inputChw);

    OnnxGraph g = new OnnxGraph(modelName);
    OnnxLayers writer = new OnnxLayers(g);
    int[] inDims = {TRACE_BATCH, inputChw[0], inputChw[1], inputChw[2]};
    g.input(INPUT, "N", inDims);
    String x = INPUT;
    int i = 0;
    Module last = null;
    for (Map.Entry<String, Module> e : layers.entrySet()) {
      x = writer.write(e.getKey(), e.getValue(), x, shapes.get(i++));
      if (!OnnxLayers.isPassThrough(e.getValue())) {
        last = e.getValue();
      }
    }
    String output = outputName(last);
    if (x.equals(INPUT)) {
      g.node("Identity", output, List.of(INPUT));
    } else {
      g.rename(x, output);
    }
    int[] outDims = shapes.get(shapes.size() - 1);
    g.output(output, outDims.length > 0 && outDims[0] == TRACE_BATCH ? "N" : null, outDims);

    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(Version.IR_VERSION_2021_7_30_VALUE)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("jgrad")
            .setProducerVersion(jgradVersion())
            .setDomain("io.jgrad")
            .setModelVersion(1)
            .setDocString(modelName + " exported by jgrad in evaluation mode")
            .setGraph(g.build());
    meta(m, "model_name", modelName);
    meta(m, "parameter_count", Integer.toString(model.numParameters()));
    meta(
        m,
        "input",
        INPUT + " float32 [N, " + inputChw[0] + ", " + inputChw[1] + ", " + inputChw[2] + "]");
    meta(m, "output", output + ": " + describe(output));
    return m.build();
  }

  /** The version of jgrad that wrote the file (the nn module's Maven version). */
  public static String jgradVersion() {
    Properties p = new Properties();
    try (InputStream in = OnnxExport.class.getResourceAsStream("jgrad-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("$") ? "unknown" : v;
  }

  /** The layers of {@code m} in execution order by dotted path; plain Sequentials are walked. */
  private static void leaves(String path, Module m, Map<String, Module> out) {
    if (m.getClass() == Sequential.class) {
      for (Map.Entry<String, Module> c : m.namedChildren().entrySet()) {
        leaves(path.isEmpty() ? c.getKey() : path + "." + c.getKey(), c.getValue(), out);
      }
    } else {
      out.put(path, m);
    }
  }

  /**
   * Runs the layers one by one in evaluation mode on zeros of shape [2, C, H, W]; returns the input
   * shape of every layer and, last, the output shape. The training flags are restored afterwards.
   */
  private static List<int[]> trace(Module model, Map<String, Module> layers, int[] chw) {
    Map<Module, Boolean> flags = new LinkedHashMap<>();
    model.namedModules().values().forEach(mod -> flags.put(mod, mod.isTraining()));
    List<int[]> shapes = new ArrayList<>();
    model.eval();
    try (var scope = GradMode.noGrad()) {
      Shape s = Shape.of(TRACE_BATCH, chw[0], chw[1], chw[2]);
      Tensor x = Tensors.zeros(s, deviceOf(model));
      for (Map.Entry<String, Module> e : layers.entrySet()) {
        shapes.add(x.shape().dims());
        try {
          x = e.getValue().call(x);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              "OnnxExport: layer "
                  + OnnxLayers.where(e.getKey())
                  + " ("
                  + e.getValue().getClass().getSimpleName()
                  + ") rejects its input "
                  + x.shape()
                  + " traced from input "
                  + s
                  + ": "
                  + ex.getMessage(),
              ex);
        }
      }
      shapes.add(x.shape().dims());
    } finally {
      flags.forEach((mod, training) -> mod.train(training)); // parents first, then children
    }
    return shapes;
  }

  private static Device deviceOf(Module model) {
    for (Tensor t : model.stateDict().values()) {
      return t.device();
    }
    return Backends.defaultDevice();
  }

  private static String outputName(Module last) {
    if (last instanceof LogSoftmax) {
      return "log_probs";
    }
    return last instanceof Softmax ? "probs" : "logits";
  }

  private static String describe(String output) {
    switch (output) {
      case "log_probs":
        return "log-probabilities";
      case "probs":
        return "probabilities";
      default:
        return "logits (unnormalized scores)";
    }
  }

  private static void meta(ModelProto.Builder m, String key, String value) {
    m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }
}
