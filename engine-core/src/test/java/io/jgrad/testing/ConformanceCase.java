package io.jgrad.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One PyTorch reference case (format: conformance/README.md), with every checked tensor under its
 * key ({@code output}, {@code outputs.NAME}, {@code grads.NAME}, {@code loss_grads.NAME}, {@code
 * state_after.NAME}) and the tolerance for each key.
 */
public final class ConformanceCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tensor of a case: float values widened to double, int64 kept in {@code ints}. */
  public record CaseTensor(String dtype, int[] shape, double[] data, long[] ints) {
    /** Elements as int (targets). */
    public int[] intData() {
      int[] r = new int[ints.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = Math.toIntExact(ints[i]);
      }
      return r;
    }

    /** Values as float32. */
    public float[] floats() {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) data[i];
      }
      return f;
    }
  }

  /** Tolerance of one key. */
  public record Tol(double rtol, double atol) {}

  private final String name;
  private final String op;
  private final JsonNode attrs;
  private final JsonNode tolerance;
  private final Map<String, CaseTensor> inputs;
  private final Map<String, CaseTensor> expected;
  private final CaseTensor gradOutput;

  private ConformanceCase(JsonNode root) {
    this.name = root.get("name").asText();
    this.op = root.get("op").asText();
    this.attrs = root.path("attrs");
    this.tolerance = root.get("tolerance");
    this.inputs = tensors(root.path("inputs"), "");
    this.gradOutput = root.has("grad_output") ? tensor(root.get("grad_output")) : null;
    this.expected = new LinkedHashMap<>();
    if (root.has("output")) {
      expected.put("output", tensor(root.get("output")));
    }
    for (String group : new String[] {"outputs", "grads", "loss_grads", "state_after"}) {
      expected.putAll(tensors(root.path(group), group + "."));
    }
  }

  /** Every case in the conformance folder, sorted by name. */
  public static List<ConformanceCase> all() {
    Path dir = ConformanceDir.get().resolve("cases");
    List<ConformanceCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        cases.add(load(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list conformance cases in " + dir, e);
    }
    if (cases.isEmpty()) {
      throw new IllegalStateException("no conformance cases in " + dir);
    }
    return cases;
  }

  /** The cases whose op is one of {@code ops}. */
  public static List<ConformanceCase> forOps(String... ops) {
    List<String> wanted = List.of(ops);
    return all().stream().filter(c -> wanted.contains(c.op())).toList();
  }

  /** Reads one case file. */
  public static ConformanceCase load(Path file) {
    try {
      return new ConformanceCase(JSON.readTree(file.toFile()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read conformance case " + file + ": " + e, e);
    }
  }

  private static Map<String, CaseTensor> tensors(JsonNode node, String prefix) {
    Map<String, CaseTensor> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(prefix + e.getKey(), tensor(e.getValue()));
    }
    return m;
  }

  private static CaseTensor tensor(JsonNode t) {
    String dtype = t.get("dtype").asText();
    JsonNode s = t.get("shape");
    int[] shape = new int[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asInt();
    }
    JsonNode d = t.get("data");
    double[] data = new double[d.size()];
    long[] ints = dtype.equals("int64") ? new long[d.size()] : new long[0];
    for (int i = 0; i < data.length; i++) {
      if (dtype.equals("int64")) {
        ints[i] = d.get(i).asLong();
        data[i] = ints[i];
      } else if (dtype.equals("float32")) {
        data[i] = Float.parseFloat(d.get(i).asText());
      } else {
        data[i] = Double.parseDouble(d.get(i).asText());
      }
    }
    return new CaseTensor(dtype, shape, data, ints);
  }

  /** Case name. */
  public String name() {
    return name;
  }

  /** Op name. */
  public String op() {
    return op;
  }

  /** The op attributes. */
  public JsonNode attrs() {
    return attrs;
  }

  /** Input tensors by argument name. */
  public Map<String, CaseTensor> inputs() {
    return inputs;
  }

  /** One input, or null. */
  public CaseTensor input(String key) {
    return inputs.get(key);
  }

  /** The upstream gradient, or null. */
  public CaseTensor gradOutput() {
    return gradOutput;
  }

  /** Every checked tensor by key ({@code output}, {@code grads.input}, ...). */
  public Map<String, CaseTensor> expected() {
    return expected;
  }

  /** The tolerance of {@code key}, honouring {@code per_tensor}. */
  public Tol tolerance(String key) {
    JsonNode per = tolerance.path("per_tensor").path(key);
    if (!per.isMissingNode()) {
      return new Tol(per.get("rtol").asDouble(), per.get("atol").asDouble());
    }
    return new Tol(tolerance.get("rtol").asDouble(), tolerance.get("atol").asDouble());
  }

  /** Int list attribute, e.g. stride. */
  public int[] intsAttr(String key) {
    JsonNode n = attrs.get(key);
    int[] r = new int[n.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = n.get(i).asInt();
    }
    return r;
  }

  @Override
  public String toString() {
    return name;
  }
}
