package io.jgrad.examples.mnist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The recommended training recipe of each registered model: a JSON config with {@code train}'s
 * option keys, stored as the resource {@code io/jgrad/examples/mnist/recipes/<model>.json}. {@code
 * train --model NAME} starts from it; a config file and flags override it.
 */
public final class Recipes {
  private static final String DIR = "/io/jgrad/examples/mnist/recipes/";

  private Recipes() {}

  /** Whether {@code model} has a recipe. */
  public static boolean exists(String model) {
    return Recipes.class.getResource(DIR + model + ".json") != null;
  }

  /** The raw JSON text of {@code model}'s recipe, or null when it has none. */
  public static String text(String model) {
    try (InputStream in = Recipes.class.getResourceAsStream(DIR + model + ".json")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recipe of " + model, e);
    }
  }

  /**
   * The option values of {@code model}'s recipe (empty when it has none).
   *
   * @throws ConfigException when the recipe is malformed or holds an unknown key
   */
  public static Map<String, String> load(String model, Set<String> knownKeys) {
    String json = text(model);
    if (json == null) {
      return Map.of();
    }
    Map<String, String> m = ConfigFile.parse(json, "recipe " + model, knownKeys);
    ConfigResolver.parse(m, "recipe " + model);
    return m;
  }
}
