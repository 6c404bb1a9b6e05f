package io.jgrad.examples.mnist.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON config (a {@code --config} file or a model recipe) into option values keyed by flag
 * name without dashes: {@code {"epochs": 20, "batch_size": 64, "milestones": [6, 11]}} becomes
 * {@code epochs=20, batch-size=64, milestones=6,11}. Underscores are read as dashes. Every key must
 * be a {@code train} option; anything else is an error naming the file.
 */
public final class ConfigFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private ConfigFile() {}

  /**
   * Reads {@code file}.
   *
   * @param knownKeys the option names a config may hold
   * @throws ConfigException naming the file for a missing or unreadable file, malformed JSON, an
   *     unknown key or a value that is not a scalar or a list of scalars
   */
  public static Map<String, String> read(Path file, Set<String> knownKeys) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(text, "config file " + file, knownKeys);
  }

  /**
   * Parses JSON {@code text}; {@code source} names it in messages ("config file x.json", "recipe
   * net7840").
   */
  public static Map<String, String> parse(String text, String source, Set<String> knownKeys) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ConfigException(
          source + ": malformed JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(
          source
              + ": must hold a JSON object like {\"epochs\": 20}, got "
              + (root == null
                  ? "nothing"
                  : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = canonical(f.getKey());
      if (!knownKeys.contains(key)) {
        throw new ConfigException(
            source + ": unknown key '" + f.getKey() + "'; known keys: " + new TreeSet<>(knownKeys));
      }
      if (out.containsKey(key)) {
        throw new ConfigException(source + ": key '" + key + "' is given twice");
      }
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      out.put(key, scalarOrList(source, f.getKey(), v));
    }
    return out;
  }

  /** A key as an option name: no leading dashes, underscores as dashes. */
  static String canonical(String key) {
    String k = key.trim();
    while (k.startsWith("-")) {
      k = k.substring(1);
    }
    return k.replace('_', '-');
  }

  private static String scalarOrList(String source, String key, JsonNode v) {
    if (v.isValueNode()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isValueNode() || item.isNull()) {
          throw new ConfigException(
              source + ": key '" + key + "' must be a list of plain values, got " + v);
        }
        items.add(item.asText());
      }
      return String.join(",", items);
    }
    throw new ConfigException(
        source + ": key '" + key + "' must be a number, string, boolean or list, got " + v);
  }
}
