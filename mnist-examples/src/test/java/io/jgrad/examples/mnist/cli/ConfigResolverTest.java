package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.models.UnknownModelException;
import io.jgrad.examples.mnist.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path dir;

  private static final Function<Path, Map<String, String>> NO_CHECKPOINT =
      p -> {
        throw new AssertionError("no checkpoint expected, got " + p);
      };

  private static TrainConfig resolve(Map<String, String> cli, Path file) {
    return ConfigResolver.resolve(new HashMap<>(cli), file, NO_CHECKPOINT);
  }

  private Path file(String name, String json) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, json);
    return f;
  }

  @Test
  void theModelsRecipeIsTheDefault() {
    Map<String, String> recipe = Recipes.load("net7840", ConfigResolver.knownKeys());
    TrainConfig c = resolve(Map.of("model", "net7840"), null);
    assertEquals(Double.parseDouble(recipe.get("lr")), c.optim().lr());
    assertEquals(Double.parseDouble(recipe.get("rotation")), c.rotation());
    assertEquals(recipe.get("schedule"), c.schedule().name());
    assertEquals("net7840", c.model());
    assertTrue(c.out().toString().startsWith("runs"), c.out().toString());
  }

  @Test
  void flagsOverrideTheFileWhichOverridesTheRecipe() throws Exception {
    Map<String, String> recipe = Recipes.load("net5308", ConfigResolver.knownKeys());
    Path f =
        file("c.json", "{\"epochs\": 3, \"lr\": 0.2, \"batch_size\": 32, \"model\": \"net5308\"}");
    TrainConfig c = resolve(Map.of("lr", "0.3", "seed", "9"), f);
    assertEquals("net5308", c.model());
    assertEquals(3, c.epochs());
    assertEquals(32, c.batchSize());
    assertEquals(0.3, c.optim().lr());
    assertEquals(9, c.seed());
    assertEquals(Double.parseDouble(recipe.get("dropout")), c.dropout());
  }

  @Test
  void unknownConfigKeyIsAnErrorNamingFileAndKey() throws Exception {
    Path f = file("bad.json", "{\"epochz\": 3}");
    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(Map.of("model", "net7840"), f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'epochz'"), e.getMessage());
    assertTrue(e.getMessage().contains("epochs"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void malformedJsonIsAnErrorNamingTheFile() throws Exception {
    Path f = file("broken.json", "{\"epochs\": 3,,}");
    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(Map.of("model", "net7840"), f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("malformed JSON at line 1"), e.getMessage());
  }

  @Test
  void badValueInTheFileNamesFileAndOption() throws Exception {
    Path f = file("v.json", "{\"epochs\": \"many\"}");
    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(Map.of("model", "net7840"), f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
  }

  @Test
  void nonObjectAndMissingFilesAreErrors() throws Exception {
    Path f = file("list.json", "[1, 2]");
    assertThrows(ConfigException.class, () -> resolve(Map.of("model", "net7840"), f));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> resolve(Map.of("model", "net7840"), dir.resolve("absent.json")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void modelIsRequiredAndMustBeKnown() {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of(), null));
    assertTrue(e.getMessage().contains("--model is required"), e.getMessage());
    assertTrue(e.getMessage().contains("net7840"), e.getMessage());
    assertThrows(UnknownModelException.class, () -> resolve(Map.of("model", "resnet50"), null));
    TrainConfig upper = resolve(Map.of("model", "NET5308"), null);
    assertEquals("net5308", upper.model());
    assertEquals(resolve(Map.of("model", "net5308"), null).optim(), upper.optim());
  }

  @Test
  void invalidValuesNameTheOption() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> resolve(Map.of("model", "net7840", "epochs", "0"), null));
    assertTrue(e.getMessage().contains("--epochs"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () -> resolve(Map.of("model", "net7840", "optimizer", "rmsprop"), null));
    assertTrue(e.getMessage().contains("rmsprop") && e.getMessage().contains("adamw"));
    e =
        assertThrows(
            ConfigException.class,
            () -> resolve(Map.of("model", "net7840", "schedule", "multistep"), null));
    assertTrue(e.getMessage().contains("--milestones"), e.getMessage());
  }

  @Test
  void optionsRoundTripExactly() {
    TrainConfig c =
        resolve(
            Map.of(
                "model",
                "net9060",
                "lr",
                "0.1234567890123",
                "schedule",
                "multistep",
                "milestones",
                "4,9",
                "nesterov",
                "true",
                "data",
                "/tmp/x",
                "out",
                "o"),
            null);
    TrainConfig back = resolve(c.toOptions(), null);
    assertEquals(c, back);
    assertEquals(List.of(4, 9), back.schedule().milestones());
    assertTrue(ConfigResolver.knownKeys().containsAll(c.toOptions().keySet()));
  }

  @Test
  void resumeStartsFromTheSavedConfigurationAndTheCheckpointsFolder() {
    TrainConfig saved =
        resolve(Map.of("model", "net4764", "lr", "0.0777", "epochs", "2", "out", "old"), null);
    Path ckpt = dir.resolve("run").resolve("last.safetensors");
    Map<String, String> cli = new HashMap<>(Map.of("resume", ckpt.toString(), "epochs", "4"));
    TrainConfig c =
        ConfigResolver.resolve(
            cli,
            null,
            p -> {
              assertEquals(ckpt, p);
              return saved.toOptions();
            });
    assertEquals("net4764", c.model());
    assertEquals(0.0777, c.optim().lr());
    assertEquals(4, c.epochs());
    assertEquals(ckpt.toAbsolutePath().getParent(), c.out());
    assertEquals(ckpt, c.resume());
    Map<String, String> other =
        new HashMap<>(Map.of("resume", ckpt.toString(), "model", "net7840"));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigResolver.resolve(other, null, p -> saved.toOptions()));
    assertTrue(e.getMessage().contains("net4764"), e.getMessage());
  }

  @Test
  void everyModelHasAValidRecipe() {
    for (String m : Models.names()) {
      assertTrue(Recipes.exists(m), m + " has no recipe");
      Map<String, String> r = Recipes.load(m, ConfigResolver.knownKeys());
      assertFalse(r.isEmpty(), m);
      assertNull(r.get("model"), m + ": a recipe must not name a model");
      TrainConfig c = resolve(Map.of("model", m), null);
      assertEquals(m, c.model());
    }
  }

  @Test
  void savedConfigJsonRepeatsTheRun() throws Exception {
    TrainConfig c =
        resolve(
            Map.of(
                "model",
                "net7826",
                "lr",
                "0.0123",
                "nesterov",
                "true",
                "schedule",
                "multistep",
                "milestones",
                "3,7",
                "out",
                "o"),
            null);
    Path f = file("config.json", c.toJson());
    assertTrue(Files.readString(f).contains("\"epochs\" : 15"), Files.readString(f));
    assertEquals(c, resolve(Map.of("out", "o"), f));
  }
}
