package io.jgrad.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forward pass of the conformance cases of the tensor ops
 * (conformance/generator/tensor_ops.py): movement, slicing, joining, max/min/arg over a dim,
 * activations, math, comparisons and where. {@link CoreOps} hands these ops here.
 */
final class TensorOpsCases {
  /** The ops this class runs. */
  static final List<String> OPS =
      List.of(
          "transpose",
          "permute",
          "narrow",
          "select",
          "slice",
          "cat",
          "stack",
          "max_dim",
          "min_dim",
          "argmax",
          "argmin",
          "sigmoid",
          "tanh",
          "leaky_relu",
          "gelu",
          "sqrt",
          "pow",
          "abs",
          "clamp",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "where");

  private TensorOpsCases() {}

  /**
   * The kernel family {@code op} needs that {@code backend} lacks, or null when it can run the op
   * (always null for ops outside {@link #OPS}, and for sqrt, which uses the elementwise family).
   */
  static String missingKernels(String op, Backend backend) {
    if (!OPS.contains(op) || op.equals("sqrt")) {
      return null;
    }
    try {
      backend.index();
      backend.pointwise();
      return null;
    } catch (UnsupportedOperationException e) {
      return "the kernels of op " + op + " (" + e.getMessage() + ")";
    }
  }

  static Tensor forward(ConformanceCase c, Map<String, Tensor> in) {
    JsonNode a = c.attrs();
    Tensor x = in.get("input");
    Tensor other = in.get("other");
    switch (c.op()) {
      case "transpose":
        return x.transpose(a.get("dim0").asInt(), a.get("dim1").asInt());
      case "permute":
        return x.permute(c.intsAttr("dims"));
      case "narrow":
        return x.narrow(i(a, "dim"), i(a, "start"), i(a, "length"));
      case "select":
        return x.select(i(a, "dim"), i(a, "index"));
      case "slice":
        return x.slice(i(a, "dim"), i(a, "start"), i(a, "end"), i(a, "step"));
      case "cat":
        return Tensors.cat(listed(in), i(a, "dim"));
      case "stack":
        return Tensors.stack(listed(in), i(a, "dim"));
      case "max_dim":
        return x.max(i(a, "dim"), a.get("keepdim").asBoolean()).values();
      case "min_dim":
        return x.min(i(a, "dim"), a.get("keepdim").asBoolean()).values();
      case "argmax":
        return x.argmax(i(a, "dim"), a.get("keepdim").asBoolean());
      case "argmin":
        return x.argmin(i(a, "dim"), a.get("keepdim").asBoolean());
      case "sigmoid":
        return x.sigmoid();
      case "tanh":
        return x.tanh();
      case "leaky_relu":
        return x.leakyRelu(a.get("negative_slope").asDouble());
      case "gelu":
        return x.gelu(a.get("approximate").asText());
      case "sqrt":
        return x.sqrt();
      case "pow":
        return x.pow(a.get("exponent").asDouble());
      case "abs":
        return x.abs();
      case "clamp":
        return x.clamp(
            bound(a, "min", Double.NEGATIVE_INFINITY), bound(a, "max", Double.POSITIVE_INFINITY));
      case "eq":
        return x.eq(other);
      case "ne":
        return x.ne(other);
      case "lt":
        return x.lt(other);
      case "le":
        return x.le(other);
      case "gt":
        return x.gt(other);
      case "ge":
        return x.ge(other);
      case "where":
        return Tensors.where(in.get("condition"), x, other);
      default:
        throw new IllegalArgumentException(
            "case " + c.name() + ": op '" + c.op() + "' is not a tensor op " + OPS);
    }
  }

  private static int i(JsonNode a, String key) {
    return a.get(key).asInt();
  }

  private static double bound(JsonNode a, String key, double open) {
    JsonNode v = a.path(key);
    return v.isMissingNode() || v.isNull() ? open : v.asDouble();
  }

  /** input0, input1, ... in order. */
  private static List<Tensor> listed(Map<String, Tensor> in) {
    List<Tensor> r = new ArrayList<>();
    for (int k = 0; in.containsKey("input" + k); k++) {
      r.add(in.get("input" + k));
    }
    if (r.size() != in.size()) {
      throw new IllegalArgumentException(
          "cat/stack inputs must be named input0, input1, ...: " + in.keySet());
    }
    return r;
  }
}
