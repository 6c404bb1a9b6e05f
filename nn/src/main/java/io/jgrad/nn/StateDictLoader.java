package io.jgrad.nn;

import io.jgrad.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loading a state dict into a module: matches keys, checks every shape first, then copies into the
 * module's existing tensors (outside autograd), so a failed load changes nothing.
 */
final class StateDictLoader {
  private StateDictLoader() {}

  static IncompatibleKeys load(Module module, Map<String, Tensor> state, boolean strict) {
    if (state == null) {
      throw new IllegalArgumentException("loadStateDict: state must not be null");
    }
    Map<String, Tensor> own = module.liveState();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      String key = e.getKey();
      if (!state.containsKey(key)) {
        missing.add(key);
        continue;
      }
      Tensor src = state.get(key);
      if (src == null) {
        problems.add("value for " + key + " is null");
      } else if (!src.shape().equals(e.getValue().shape())) {
        problems.add(
            "size mismatch for "
                + key
                + ": copying a tensor with shape "
                + src.shape()
                + " from the state dict, the shape in the current model is "
                + e.getValue().shape());
      }
    }
    for (String key : state.keySet()) {
      if (!own.containsKey(key)) {
        unexpected.add(key);
      }
    }
    if (strict) {
      if (!missing.isEmpty()) {
        problems.add(0, "Missing key(s) in state_dict: " + quoted(missing));
      }
      if (!unexpected.isEmpty()) {
        problems.add(
            missing.isEmpty() ? 0 : 1, "Unexpected key(s) in state_dict: " + quoted(unexpected));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "loadStateDict: error(s) in loading state_dict for "
              + module.name()
              + ":\n\t"
              + String.join("\n\t", problems));
    }
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src != null) {
        e.getValue().copyFrom(src);
      }
    }
    return new IncompatibleKeys(missing, unexpected);
  }

  private static String quoted(List<String> keys) {
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      sb.append(sb.length() == 0 ? "" : ", ").append('"').append(k).append('"');
    }
    return sb.append('.').toString();
  }
}
