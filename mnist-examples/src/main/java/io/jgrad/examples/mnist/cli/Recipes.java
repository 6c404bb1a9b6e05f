package io.jgrad.examples.mnist.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training recipes of each registered model: JSON configs with {@code train}'s option keys,
 * stored as the resources {@code io/jgrad/examples/mnist/recipes/<recipe>/<model>.json}. Two recipe
 * names exist: {@code tuned} (the default: the recipe tuned here, one-cycle schedule) and {@code
 * published} (the optimizer, rate, schedule, dropout, rotation, batch size and epochs of the
 * published experiment, PyTorch's defaults where the write-up is silent). {@code train --model NAME
 * --recipe R} starts from recipe R; a config file and flags override it.
 *
 * <p>A recipe may hold a {@code notes} list of strings (where each value comes from, which ones are
 * defaults); notes are documentation and never options.
 */
public final class Recipes {
  /** The recipe tuned here; the default. */
  public static final String TUNED = "tuned";

  /** The recipe of the published experiment. */
  public static final String PUBLISHED = "published";

  /** A recipe chosen here with SGD and StepLR only (no one-cycle). */
  public static final String STEPLR = "steplr";

  /** Every recipe name, the default first. */
  public static final List<String> NAMES = List.of(TUNED, PUBLISHED, STEPLR);

  private static final String DIR = "/io/jgrad/examples/mnist/recipes/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Recipes() {}

  /** Whether {@code model} has a tuned recipe. */
  public static boolean exists(String model) {
    return exists(model, TUNED);
  }

  /** Whether {@code model} has the recipe called {@code recipe}. */
  public static boolean exists(String model, String recipe) {
    return NAMES.contains(recipe) && Recipes.class.getResource(path(model, recipe)) != null;
  }

  /** The recipe names {@code model} has, in the order of {@link #NAMES}. */
  public static List<String> available(String model) {
    List<String> out = new ArrayList<>();
    for (String r : NAMES) {
      if (exists(model, r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The raw JSON text of {@code model}'s tuned recipe, or null when it has none. */
  public static String text(String model) {
    return text(model, TUNED);
  }

  /** The raw JSON text of {@code model}'s recipe {@code recipe}, or null when it has none. */
  public static String text(String model, String recipe) {
    if (!NAMES.contains(recipe)) {
      return null;
    }
    try (InputStream in = Recipes.class.getResourceAsStream(path(model, recipe))) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + recipe + " recipe of " + model, e);
    }
  }

  /**
   * The option values of {@code model}'s tuned recipe (empty when it has none).
   *
   * @throws ConfigException when the recipe is malformed or holds an unknown key
   */
  public static Map<String, String> load(String model, Set<String> knownKeys) {
    String json = text(model);
    return json == null ? Map.of() : parse(json, model, TUNED, knownKeys);
  }

  /**
   * The option values of {@code model}'s recipe {@code recipe}.
   *
   * @throws ConfigException for an unknown recipe name, a model without that recipe, a malformed
   *     recipe or an unknown key
   */
  public static Map<String, String> load(String model, String recipe, Set<String> knownKeys) {
    requireName(recipe);
    String json = text(model, recipe);
    if (json == null) {
      if (recipe.equals(TUNED)) {
        return Map.of();
      }
      throw new ConfigException(
          "train: model "
              + model
              + " has no '"
              + recipe
              + "' recipe; its recipes: "
              + String.join(", ", available(model)));
    }
    return parse(json, model, recipe, knownKeys);
  }

  /** The notes of {@code model}'s recipe {@code recipe} (empty when it has none). */
  public static List<String> notes(String model, String recipe) {
    String json = text(model, recipe);
    if (json == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    JsonNode notes = tree(json, source(model, recipe)).get("notes");
    if (notes != null) {
      notes.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /**
   * Checks a recipe name.
   *
   * @throws ConfigException naming the known recipes
   */
  public static String requireName(String recipe) {
    if (recipe == null || !NAMES.contains(recipe)) {
      throw new ConfigException(
          "--recipe: unknown recipe '" + recipe + "'; choose one of " + String.join(", ", NAMES));
    }
    return recipe;
  }

  /** Parses recipe text {@code json} of {@code model}'s recipe {@code recipe}. */
  static Map<String, String> parse(
      String json, String model, String recipe, Set<String> knownKeys) {
    String source = source(model, recipe);
    ObjectNode root = tree(json, source);
    root.remove("notes");
    for (String forbidden : List.of("model", "recipe")) {
      if (root.has(forbidden)) {
        throw new ConfigException(source + ": a recipe must not set '" + forbidden + "'");
      }
    }
    Map<String, String> m = ConfigFile.parse(root.toString(), source, knownKeys);
    ConfigResolver.parse(m, source);
    return m;
  }

  /** The recipe as a JSON object whose {@code notes}, when present, is a list of strings. */
  private static ObjectNode tree(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      ConfigFile.parse(json, source, Set.of());
      throw new ConfigException(source + ": malformed JSON: " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode obj)) {
      throw new ConfigException(source + ": must hold a JSON object");
    }
    JsonNode notes = obj.get("notes");
    if (notes != null) {
      boolean ok = notes.isArray();
      for (JsonNode n : notes) {
        ok &= n.isTextual();
      }
      if (!ok) {
        throw new ConfigException(source + ": 'notes' must be a list of strings, got " + notes);
      }
    }
    return obj;
  }

  private static String source(String model, String recipe) {
    return recipe + " recipe " + model;
  }

  private static String path(String model, String recipe) {
    return DIR + recipe + "/" + model + ".json";
  }
}
