package io.jgrad.examples.mnist.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The step-by-step experiment chains. {@code chain5308} is the published ten-step path from a
 * 75,828-parameter setup to the 5,308-parameter GAP network; each step changes one thing.
 */
public final class Chains {
  private static final Map<String, List<ChainStep>> CHAINS = build();

  private Chains() {}

  private static Map<String, List<ChainStep>> build() {
    Map<String, List<ChainStep>> m = new LinkedHashMap<>();
    List<ChainStep> c = new ArrayList<>();
    Map<String, String> plain = fixedLr("0", "0");
    c.add(step(1, "setup", "a working pipeline", "net75828", plain));
    c.add(step(2, "lighter skeleton", "params < 10k", "net8008", plain));
    c.add(step(3, "global average pooling", "no big output conv", "net6748", plain));
    c.add(step(4, "batch norm", "faster, higher accuracy", "net6864", plain));
    c.add(step(5, "dropout", "smaller train/test gap", "net6864", fixedLr("0.05", "0")));
    c.add(step(6, "slimmer", "params < 5k", "net4764", fixedLr("0.05", "0")));
    c.add(step(7, "more capacity after GAP", "test >= 99.4%", "net10120", fixedLr("0.05", "0")));
    c.add(
        step(
            8,
            "rotation augmentation",
            "test >= 99.4% steadily",
            "net10120",
            fixedLr("0.05", "7")));
    c.add(step(9, "slim again", "params < 6k", "net5308", fixedLr("0.05", "7")));
    c.add(step(10, "LR schedule", "params < 6k, test >= 99.4%", "net5308", Map.of()));
    m.put("chain5308", List.copyOf(c));
    return m;
  }

  /** Steps 1-9 train at a constant SGD rate of 0.01; only step 10 adds a schedule. */
  private static Map<String, String> fixedLr(String dropout, String rotation) {
    return Map.of(
        "dropout",
        dropout,
        "rotation",
        rotation,
        "schedule",
        "none",
        "lr",
        "0.01",
        "momentum",
        "0.9");
  }

  private static ChainStep step(
      int n, String title, String target, String model, Map<String, String> overrides) {
    return new ChainStep(n, title, target, model, overrides);
  }

  /** Every chain name. */
  public static List<String> names() {
    return new ArrayList<>(CHAINS.keySet());
  }

  /**
   * The steps of chain {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the known chains
   */
  public static List<ChainStep> require(String name) {
    List<ChainStep> c = name == null ? null : CHAINS.get(name.trim().toLowerCase(Locale.ROOT));
    if (c == null) {
      throw new IllegalArgumentException(
          "unknown chain '" + name + "'; known chains: " + String.join(", ", CHAINS.keySet()));
    }
    return c;
  }
}
