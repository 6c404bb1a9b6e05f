package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of MNIST networks by name. Each final network is named after its parameter count
 * ({@code net7840}); the steps of a chain are registered the same way (see {@link Chains}).
 */
public final class Models {
  private static final Map<String, ModelSpec> REGISTRY = build();

  private Models() {}

  private static Map<String, ModelSpec> build() {
    Map<String, ModelSpec> m = new LinkedHashMap<>();
    for (ModelSpec s :
        List.of(
            Net7840.spec(),
            Net7838.spec(),
            Net7826.spec(),
            Net9060.spec(),
            Net5760.spec(),
            Net10120.spec(),
            Net5308.spec(),
            Net75828.spec(),
            Net8008.spec(),
            Net6748.spec(),
            Net6864.spec(),
            Net4764.spec(),
            Net4972.spec())) {
      m.put(s.name(), s);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Every registered model, in registration order. */
  public static List<ModelSpec> all() {
    return new ArrayList<>(REGISTRY.values());
  }

  /** Every registered name, in registration order. */
  public static List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /**
   * The model called {@code name} (case-insensitive).
   *
   * @throws UnknownModelException listing the registered names
   */
  public static ModelSpec require(String name) {
    ModelSpec s = name == null ? null : REGISTRY.get(name.trim().toLowerCase(Locale.ROOT));
    if (s == null) {
      throw new UnknownModelException(name, REGISTRY.keySet());
    }
    return s;
  }

  /** A new instance of model {@code name}. */
  public static Module create(String name, double dropout, long seed) {
    return require(name).create(dropout, seed);
  }
}
