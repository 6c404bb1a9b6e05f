package io.jgrad.nn.optim;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saving and loading an {@link Optimizer}'s state; the key layout is documented on {@link
 * Optimizer}. Loading validates everything before changing anything.
 */
final class OptimizerStateDict {
  private static final Pattern STATE_KEY = Pattern.compile("state\\.(\\d+)\\.(.+)");
  private static final String STEP = "step";
  private static final String OPTIMIZER = "optimizer";
  private static final String GROUPS = "param_groups";
  private static final String PARAMS = "params";

  /** Largest step count a float32 tensor holds exactly. */
  private static final long MAX_EXACT_STEP = 1L << 24;

  private OptimizerStateDict() {}

  static Map<String, Tensor> tensors(Optimizer o) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<Tensor> params = o.params();
    for (int i = 0; i < params.size(); i++) {
      ParamState s = o.stateMap().get(params.get(i));
      if (s == null) {
        continue;
      }
      for (Map.Entry<String, Tensor> e : s.buffers().entrySet()) {
        Tensor b = e.getValue();
        out.put(
            "state." + i + "." + e.getKey(),
            Tensor.wrap(b.backend().memory().copy(b.storage()), b.shape()));
      }
      if (o.countsSteps()) {
        if (s.step() > MAX_EXACT_STEP) {
          throw new IllegalStateException(
              o.name()
                  + ".stateDict: step count "
                  + s.step()
                  + " of parameter "
                  + i
                  + " exceeds 2^24, which a float32 tensor cannot hold exactly");
        }
        out.put("state." + i + "." + STEP, Tensors.full(Shape.scalar(), s.step(), Device.CPU));
      }
    }
    return out;
  }

  static Map<String, String> metadata(Optimizer o) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(OPTIMIZER, o.name());
    List<ParamGroup> groups = o.paramGroups();
    out.put(GROUPS, Integer.toString(groups.size()));
    int first = 0;
    for (int g = 0; g < groups.size(); g++) {
      ParamGroup group = groups.get(g);
      String prefix = GROUPS + "." + g + ".";
      out.put(prefix + PARAMS, indices(first, group.params().size()));
      first += group.params().size();
      for (Map.Entry<String, Double> e : group.options().entrySet()) {
        out.put(prefix + e.getKey(), Double.toString(e.getValue()));
      }
      for (Map.Entry<String, Boolean> e : group.flags().entrySet()) {
        out.put(prefix + e.getKey(), Boolean.toString(e.getValue()));
      }
    }
    return out;
  }

  static void load(Optimizer o, Map<String, Tensor> tensors, Map<String, String> metadata) {
    String op = o.name() + ".loadStateDict";
    if (tensors == null) {
      throw new IllegalArgumentException(op + ": tensors must not be null");
    }
    List<Tensor> params = o.params();
    Map<Tensor, ParamState> fresh = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Matcher m = STATE_KEY.matcher(e.getKey());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            op + ": unexpected key '" + e.getKey() + "'; expected state.<index>.<name>");
      }
      int index = parseIndex(op, e.getKey(), m.group(1), params.size());
      String name = m.group(2);
      Tensor p = params.get(index);
      Tensor t = e.getValue();
      if (t == null) {
        throw new IllegalArgumentException(op + ": tensor '" + e.getKey() + "' is null");
      }
      ParamState s = fresh.computeIfAbsent(p, k -> new ParamState());
      if (name.equals(STEP) && o.countsSteps()) {
        s.setStep(parseStep(op, e.getKey(), t));
      } else if (o.stateBufferNames().contains(name)) {
        if (!t.shape().equals(p.shape())) {
          throw new IllegalArgumentException(
              op
                  + ": '"
                  + e.getKey()
                  + "' must have the parameter's shape "
                  + p.shape()
                  + ", got "
                  + t.shape());
        }
        Tensor b = Tensors.zeros(p.shape(), p.device());
        b.copyFrom(t);
        s.put(name, b);
      } else {
        throw new IllegalArgumentException(
            op
                + ": unexpected state '"
                + name
                + "' in key '"
                + e.getKey()
                + "'; "
                + o.name()
                + " keeps "
                + o.stateBufferNames()
                + (o.countsSteps() ? " and step" : ""));
      }
    }
    List<Map<String, String>> groupValues = metadata == null ? null : checkMetadata(o, metadata);
    o.stateMap().clear();
    o.stateMap().putAll(fresh);
    if (groupValues != null) {
      for (int g = 0; g < groupValues.size(); g++) {
        ParamGroup group = o.paramGroups().get(g);
        for (Map.Entry<String, String> e : groupValues.get(g).entrySet()) {
          if (group.has(e.getKey())) {
            group.set(e.getKey(), Double.parseDouble(e.getValue()));
          } else {
            group.setFlag(e.getKey(), Boolean.parseBoolean(e.getValue()));
          }
        }
      }
    }
  }

  /** Validates the metadata against {@code o}; returns each group's option texts. */
  private static List<Map<String, String>> checkMetadata(Optimizer o, Map<String, String> meta) {
    String op = o.name() + ".loadStateDict";
    String saved = meta.get(OPTIMIZER);
    if (!o.name().equals(saved)) {
      throw new IllegalArgumentException(
          op + ": the state was saved by optimizer '" + saved + "', this one is " + o.name());
    }
    List<ParamGroup> groups = o.paramGroups();
    if (!Integer.toString(groups.size()).equals(meta.get(GROUPS))) {
      throw new IllegalArgumentException(
          op
              + ": the state has "
              + meta.get(GROUPS)
              + " param groups, this optimizer has "
              + groups.size());
    }
    List<Map<String, String>> out = new ArrayList<>();
    int first = 0;
    int expectedKeys = 2;
    for (int g = 0; g < groups.size(); g++) {
      ParamGroup group = groups.get(g);
      String prefix = GROUPS + "." + g + ".";
      String want = indices(first, group.params().size());
      if (!want.equals(meta.get(prefix + PARAMS))) {
        throw new IllegalArgumentException(
            op
                + ": param group "
                + g
                + " holds parameters ["
                + meta.get(prefix + PARAMS)
                + "] in the state but ["
                + want
                + "] here");
      }
      first += group.params().size();
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : group.options().keySet()) {
        String v = required(op, meta, prefix + key);
        try {
          Double.parseDouble(v);
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(op + ": '" + prefix + key + "' is not a number: " + v);
        }
        values.put(key, v);
      }
      for (String key : group.flags().keySet()) {
        String v = required(op, meta, prefix + key);
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException(
              op + ": '" + prefix + key + "' must be true or false, got " + v);
        }
        values.put(key, v);
      }
      expectedKeys += 1 + values.size();
      out.add(values);
    }
    if (meta.size() != expectedKeys) {
      List<String> extra = new ArrayList<>(meta.keySet());
      extra.removeIf(k -> k.equals(OPTIMIZER) || k.equals(GROUPS) || k.endsWith("." + PARAMS));
      for (int g = 0; g < out.size(); g++) {
        for (String k : out.get(g).keySet()) {
          extra.remove(GROUPS + "." + g + "." + k);
        }
      }
      throw new IllegalArgumentException(op + ": unexpected metadata keys " + extra);
    }
    return out;
  }

  private static String required(String op, Map<String, String> meta, String key) {
    String v = meta.get(key);
    if (v == null) {
      throw new IllegalArgumentException(op + ": metadata lacks '" + key + "'");
    }
    return v;
  }

  private static int parseIndex(String op, String key, String digits, int count) {
    int index;
    try {
      index = Integer.parseInt(digits);
    } catch (NumberFormatException ex) {
      index = Integer.MAX_VALUE;
    }
    if (index >= count) {
      throw new IllegalArgumentException(
          op
              + ": key '"
              + key
              + "' names parameter "
              + digits
              + ", but the optimizer has "
              + count
              + " parameters");
    }
    return index;
  }

  private static long parseStep(String op, String key, Tensor t) {
    if (t.numel() != 1) {
      throw new IllegalArgumentException(
          op + ": '" + key + "' must hold one value, got shape " + t.shape());
    }
    double v = t.toDoubleArray()[0];
    if (!(v >= 0) || v != Math.rint(v) || v > MAX_EXACT_STEP) {
      throw new IllegalArgumentException(
          op + ": '" + key + "' must be a whole step count in [0, 2^24], got " + v);
    }
    return (long) v;
  }

  private static String indices(int first, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : ",").append(first + i);
    }
    return sb.toString();
  }
}
