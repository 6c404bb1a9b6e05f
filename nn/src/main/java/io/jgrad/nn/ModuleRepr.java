package io.jgrad.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders PyTorch's module repr: {@code Name(extra)}, or extra lines and children indented. */
final class ModuleRepr {
  private ModuleRepr() {}

  static String render(String name, String extra, Map<String, Module> children) {
    List<String> lines = new ArrayList<>();
    if (!extra.isEmpty()) {
      lines.addAll(List.of(extra.split("\n", -1)));
    }
    int extraLines = lines.size();
    for (Map.Entry<String, Module> c : children.entrySet()) {
      String child = c.getValue().toString().replace("\n", "\n  ");
      lines.add("(" + c.getKey() + "): " + child);
    }
    StringBuilder sb = new StringBuilder(name).append('(');
    if (extraLines == 1 && children.isEmpty()) {
      sb.append(lines.get(0));
    } else if (!lines.isEmpty()) {
      sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
    }
    return sb.append(')').toString();
  }
}
