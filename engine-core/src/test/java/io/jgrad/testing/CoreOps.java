package io.jgrad.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import java.util.List;
import java.util.Map;

/**
 * Runs the forward pass of a conformance case whose op engine-core owns, reading the attributes as
 * conformance/README.md specifies. Attributes jgrad does not support (ceil_mode, dilated pooling,
 * other reductions) fail the case instead of being ignored.
 */
public final class CoreOps {
  /** Every conformance op engine-core runs. */
  public static final List<String> OPS =
      withTensorOps(
          "conv2d",
          "batch_norm2d",
          "max_pool2d",
          "avg_pool2d",
          "adaptive_avg_pool2d",
          "relu",
          "linear",
          "matmul",
          "add",
          "sub",
          "mul",
          "div",
          "pow_tensor",
          "sum",
          "mean",
          "reshape",
          "flatten",
          "log_softmax",
          "softmax",
          "nll_loss",
          "cross_entropy");

  private CoreOps() {}

  /** The given ops followed by the tensor ops of {@link TensorOpsCases}. */
  private static List<String> withTensorOps(String... ops) {
    List<String> all = new java.util.ArrayList<>(List.of(ops));
    all.addAll(TensorOpsCases.OPS);
    return List.copyOf(all);
  }

  /**
   * The op's output for the given input tensors (already on the device under test; running
   * statistics are updated in place).
   *
   * @param targets the class indices of the case's {@code target}, or null
   */
  public static Tensor forward(ConformanceCase c, Map<String, Tensor> in, int[] targets) {
    JsonNode a = c.attrs();
    Tensor x = in.get("input");
    switch (c.op()) {
      case "conv2d":
        return Functional.conv2d(
            x,
            in.get("weight"),
            flag(c, "bias") ? required(c, in, "bias") : null,
            c.intsAttr("stride"),
            c.intsAttr("padding"),
            c.intsAttr("dilation"),
            a.get("groups").asInt());
      case "batch_norm2d":
        boolean affine = flag(c, "affine");
        return Functional.batchNorm2d(
            x,
            in.get("running_mean"),
            in.get("running_var"),
            affine ? required(c, in, "weight") : null,
            affine ? required(c, in, "bias") : null,
            flag(c, "training"),
            a.get("momentum").asDouble(),
            a.get("eps").asDouble());
      case "max_pool2d":
        unsupportedUnless(c, !flag(c, "ceil_mode"), "ceil_mode true");
        unsupportedUnless(
            c,
            !a.has("dilation") || java.util.Arrays.equals(c.intsAttr("dilation"), new int[] {1, 1}),
            "dilation other than [1, 1]");
        return Functional.maxPool2d(
            x, c.intsAttr("kernel_size"), strideOrNull(c), c.intsAttr("padding"));
      case "avg_pool2d":
        unsupportedUnless(c, !flag(c, "ceil_mode"), "ceil_mode true");
        unsupportedUnless(
            c,
            !a.has("divisor_override") || a.get("divisor_override").isNull(),
            "divisor_override");
        return Functional.avgPool2d(
            x,
            c.intsAttr("kernel_size"),
            strideOrNull(c),
            c.intsAttr("padding"),
            !a.has("count_include_pad") || a.get("count_include_pad").asBoolean());
      case "adaptive_avg_pool2d":
        int[] size = c.intsAttr("output_size");
        return Functional.adaptiveAvgPool2d(x, size[0], size[1]);
      case "relu":
        return Functional.relu(x);
      case "linear":
        return Functional.linear(
            x, in.get("weight"), flag(c, "bias") ? required(c, in, "bias") : null);
      case "matmul":
        return in.get("a").matmul(in.get("b"));
      case "add":
        return in.get("a").add(in.get("b"));
      case "sub":
        return in.get("a").sub(in.get("b"));
      case "mul":
        return in.get("a").mul(in.get("b"));
      case "div":
        return in.get("a").div(in.get("b"));
      case "pow_tensor":
        return x.pow(in.get("exponent"));
      case "sum":
      case "mean":
        return reduce(c, x);
      case "reshape":
        return x.reshape(c.intsAttr("shape"));
      case "flatten":
        return x.flatten(a.get("start_dim").asInt(), a.get("end_dim").asInt());
      case "log_softmax":
        return Functional.logSoftmax(x, a.get("dim").asInt());
      case "softmax":
        return Functional.softmax(x, a.get("dim").asInt());
      case "nll_loss":
        meanReduction(c);
        return Functional.nllLoss(x, targets);
      case "cross_entropy":
        meanReduction(c);
        return Functional.crossEntropy(x, targets);
      default:
        if (TensorOpsCases.OPS.contains(c.op())) {
          return TensorOpsCases.forward(c, in);
        }
        throw new IllegalArgumentException(
            "case " + c.name() + ": op '" + c.op() + "' is not an engine-core op " + OPS);
    }
  }

  private static Tensor reduce(ConformanceCase c, Tensor x) {
    JsonNode dim = c.attrs().path("dim");
    boolean keep = flag(c, "keepdim");
    int[] dims;
    if (dim.isMissingNode() || dim.isNull()) {
      dims = null;
    } else if (dim.isInt()) {
      dims = new int[] {dim.asInt()};
    } else {
      dims = c.intsAttr("dim");
    }
    if (dims == null && keep) {
      dims = new int[x.rank()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = i;
      }
    }
    boolean mean = c.op().equals("mean");
    if (dims == null) {
      return mean ? x.mean() : x.sum();
    }
    return mean ? x.mean(dims, keep) : x.sum(dims, keep);
  }

  private static int[] strideOrNull(ConformanceCase c) {
    JsonNode s = c.attrs().path("stride");
    return s.isMissingNode() || s.isNull() || s.size() == 0 ? null : c.intsAttr("stride");
  }

  private static boolean flag(ConformanceCase c, String key) {
    return c.attrs().path(key).asBoolean(false);
  }

  private static Tensor required(ConformanceCase c, Map<String, Tensor> in, String key) {
    Tensor t = in.get(key);
    if (t == null) {
      throw new IllegalArgumentException(
          "case " + c.name() + ": attrs ask for '" + key + "' but inputs have none");
    }
    return t;
  }

  private static void meanReduction(ConformanceCase c) {
    String r = c.attrs().path("reduction").asText("mean");
    unsupportedUnless(c, r.equals("mean"), "reduction '" + r + "'");
  }

  private static void unsupportedUnless(ConformanceCase c, boolean ok, String what) {
    if (!ok) {
      throw new UnsupportedOperationException(
          "case " + c.name() + " (" + c.op() + "): " + what + " is not supported by jgrad");
    }
  }
}
