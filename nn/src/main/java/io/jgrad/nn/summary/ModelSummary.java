package io.jgrad.nn.summary;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backends;
import io.jgrad.nn.ForwardHook;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The layer table of the Python package torchsummary for a model and an input shape: one row per
 * layer run (every module except {@link Sequential} containers and the model itself), in the order
 * the layers finish, with the output shape (batch shown as {@code batchSize}, -1 by default) and
 * the layer's own parameter count; then the totals and memory estimates computed as torchsummary
 * does: float32 = 4 bytes, input = |batch · prod(input)|, forward/backward = 2 · Σ |prod(output
 * shape)|, params = total params, all in MB (2^20 bytes).
 *
 * <p>The output shapes come from one forward pass on zeros (batch 2, as torchsummary) under no-grad
 * in evaluation mode, through {@link Module#call} hooks; each module's training flag is restored
 * afterwards. Modules whose parent calls {@code forward} directly rather than {@code call} are not
 * seen separately.
 *
 * @param rows the layers, in execution order
 * @param totalParams Σ of the rows' parameter counts
 * @param trainableParams Σ of the rows' parameters that require grad
 * @param nonTrainableParams the rest
 * @param inputSizeMb input size in MB
 * @param forwardBackwardMb activations and their gradients in MB
 * @param paramsMb parameters in MB
 * @param totalMb the sum of the three sizes
 */
public record ModelSummary(
    List<ModelSummary.Row> rows,
    long totalParams,
    long trainableParams,
    long nonTrainableParams,
    double inputSizeMb,
    double forwardBackwardMb,
    double paramsMb,
    double totalMb) {
  private static final double MB = 1024.0 * 1024.0;
  private static final String DASHES = "-".repeat(64);
  private static final String EQUALS = "=".repeat(64);

  /**
   * One layer.
   *
   * @param layer {@code Type-index}, e.g. {@code Conv2d-1}
   * @param path the module's dotted path in the model, e.g. {@code 0}
   * @param outputShape the output shape, first entry the batch size shown
   * @param params the layer's own parameter elements
   * @param trainableParams those that require grad
   */
  public record Row(
      String layer, String path, List<Integer> outputShape, long params, long trainableParams) {
    /** Copies the shape. */
    public Row {
      outputShape = List.copyOf(outputShape);
    }
  }

  /** Copies the rows. */
  public ModelSummary {
    rows = List.copyOf(rows);
  }

  /** The summary for input {@code inputShape} (without the batch dim), batch shown as -1. */
  public static ModelSummary of(Module model, int... inputShape) {
    return of(model, -1, inputShape);
  }

  /** The summary for input {@code inputShape}, the batch shown (and sized) as {@code batchSize}. */
  public static ModelSummary of(Module model, int batchSize, int[] inputShape) {
    Map<String, Module> modules = model.namedModules();
    List<Row> rows = new ArrayList<>();
    Map<Module, String> paths = new IdentityHashMap<>();
    Map<Module, Boolean> modes = new IdentityHashMap<>();
    List<ForwardHook.Handle> handles = new ArrayList<>();
    boolean rootIsLeaf = model.namedChildren().isEmpty();
    for (Map.Entry<String, Module> e : modules.entrySet()) {
      Module m = e.getValue();
      modes.putIfAbsent(m, m.isTraining());
      boolean hooked = !(m instanceof Sequential) && (m != model || rootIsLeaf);
      if (hooked && paths.putIfAbsent(m, e.getKey()) == null) {
        handles.add(
            m.registerForwardHook(
                (mod, in, out) -> rows.add(row(mod, paths, rows, out, batchSize))));
      }
    }
    int[] dims = new int[inputShape.length + 1];
    dims[0] = 2;
    System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
    Tensor x = Tensors.zeros(Shape.of(dims), deviceOf(model));
    GradMode.Scope noGrad = GradMode.noGrad();
    try {
      model.eval();
      model.call(x);
    } finally {
      noGrad.close();
      handles.forEach(ForwardHook.Handle::close);
      // Pre-order: each train() call recurses, and every descendant is restored after it.
      modules.values().forEach(m -> m.train(modes.get(m)));
    }
    long total = 0;
    long trainable = 0;
    long outputs = 0;
    for (Row r : rows) {
      total += r.params();
      trainable += r.trainableParams();
      long n = 1;
      for (int d : r.outputShape()) {
        n *= d;
      }
      outputs += Math.abs(n);
    }
    long inputs = Math.abs((long) batchSize * Shape.of(inputShape).numel());
    double inMb = inputs * 4.0 / MB;
    double fwdMb = 2.0 * outputs * 4.0 / MB;
    double parMb = total * 4.0 / MB;
    return new ModelSummary(
        rows, total, trainable, total - trainable, inMb, fwdMb, parMb, inMb + fwdMb + parMb);
  }

  private static Row row(
      Module m, Map<Module, String> paths, List<Row> rows, Tensor out, int batchSize) {
    List<Integer> shape = new ArrayList<>();
    for (int d : out.shape().dims()) {
      shape.add(d);
    }
    if (!shape.isEmpty()) {
      shape.set(0, batchSize);
    }
    long params = 0;
    long trainable = 0;
    for (Tensor p : m.namedParameters(false).values()) {
      params += p.numel();
      trainable += p.requiresGrad() ? p.numel() : 0;
    }
    String layer = m.name() + "-" + (rows.size() + 1);
    return new Row(layer, paths.get(m), shape, params, trainable);
  }

  private static Device deviceOf(Module model) {
    for (Tensor t : model.stateDict().values()) {
      return t.device();
    }
    return Backends.defaultDevice();
  }

  /** torchsummary's table. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(DASHES).append('\n');
    sb.append(line("Layer (type)", "Output Shape", "Param #")).append(EQUALS).append('\n');
    for (Row r : rows) {
      sb.append(line(r.layer(), r.outputShape().toString(), group(r.params())));
    }
    sb.append(EQUALS).append('\n');
    sb.append("Total params: ").append(group(totalParams)).append('\n');
    sb.append("Trainable params: ").append(group(trainableParams)).append('\n');
    sb.append("Non-trainable params: ").append(group(nonTrainableParams)).append('\n');
    sb.append(DASHES).append('\n');
    sb.append(String.format(Locale.ROOT, "Input size (MB): %.2f\n", inputSizeMb));
    sb.append(
        String.format(Locale.ROOT, "Forward/backward pass size (MB): %.2f\n", forwardBackwardMb));
    sb.append(String.format(Locale.ROOT, "Params size (MB): %.2f\n", paramsMb));
    sb.append(String.format(Locale.ROOT, "Estimated Total Size (MB): %.2f\n", totalMb));
    return sb.append(DASHES).append('\n').toString();
  }

  private static String line(String a, String b, String c) {
    return String.format(Locale.ROOT, "%20s  %25s %15s\n", a, b, c);
  }

  private static String group(long n) {
    return String.format(Locale.US, "%,d", n);
  }
}
