package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.train.TrainConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The recipe axis: tuned and published recipes, their notes, and {@code --recipe}. */
class RecipesTest {
  private static final Function<Path, Map<String, String>> NO_CHECKPOINT =
      p -> {
        throw new AssertionError("no checkpoint expected, got " + p);
      };

  static TrainConfig resolve(Map<String, String> cli) {
    return ConfigResolver.resolve(new HashMap<>(cli), null, NO_CHECKPOINT);
  }

  /**
   * What each write-up states (or, where silent, PyTorch's default or the documented choice):
   * model, epochs, batch, lr, momentum, schedule, step size, gamma, dropout, rotation.
   */
  static Stream<Arguments> published() {
    return Stream.of(
        Arguments.of("net5308", 15, 128, 0.1, 0.0, "step", 2, 0.5, 0.007, 7.0),
        Arguments.of("net10120", 15, 128, 0.1, 0.0, "step", 2, 0.6, 0.007, 7.0),
        Arguments.of("net9060", 14, 128, 0.01, 0.0, "step", 6, 0.1, 0.043, 15.0),
        Arguments.of("net7826", 14, 128, 0.01, 0.0, "step", 6, 0.1, 0.05, 15.0),
        Arguments.of("net5760", 15, 64, 0.1, 0.0, "step", 8, 0.1, 0.01, 7.0),
        Arguments.of("net7840", 15, 128, 0.10080224034423935, 0.0, "plateau", 5, 0.1, 0.05, 0.0));
  }

  @ParameterizedTest
  @MethodSource("published")
  void publishedRecipeHoldsTheWriteUpsSettings(
      String model,
      int epochs,
      int batch,
      double lr,
      double momentum,
      String schedule,
      int stepSize,
      double gamma,
      double dropout,
      double rotation) {
    TrainConfig c = resolve(Map.of("model", model, "recipe", "published"));
    assertEquals(epochs, c.epochs(), model);
    assertEquals(batch, c.batchSize(), model);
    assertEquals("sgd", c.optim().name(), model);
    assertEquals(lr, c.optim().lr(), model);
    assertEquals(momentum, c.optim().momentum(), model);
    assertEquals(0.0, c.optim().weightDecay(), model);
    assertEquals(schedule, c.schedule().name(), model);
    assertEquals(stepSize, c.schedule().stepSize(), model);
    assertEquals(gamma, c.schedule().gamma(), model);
    assertEquals(dropout, c.dropout(), model);
    assertEquals(rotation, c.rotation(), model);
  }

  @ParameterizedTest
  @MethodSource("published")
  void publishedRecipeNotesListTheDefaultsItTakes(String model) {
    List<String> notes = Recipes.notes(model, Recipes.PUBLISHED);
    String all = String.join(" ", notes);
    assertTrue(all.contains("PyTorch default"), model + ": " + all);
    assertTrue(all.contains("momentum 0"), model + ": " + all);
    assertTrue(all.contains("From the write-up"), model + ": " + all);
    assertEquals(List.of("tuned", "published"), Recipes.available(model).subList(0, 2));
  }

  @Test
  void stepLrRecipeOfNet7838IsSgdWithStepLrOnly() {
    TrainConfig c = resolve(Map.of("model", "net7838", "recipe", "steplr"));
    assertEquals("step", c.schedule().name());
    assertEquals(6, c.schedule().stepSize());
    assertEquals(0.1, c.schedule().gamma());
    assertEquals(0.1, c.optim().lr());
    assertEquals(0.9, c.optim().momentum());
    assertEquals(15, c.epochs());
    assertEquals(List.of("tuned", "steplr"), Recipes.available("net7838"));
  }

  /** net7826's steplr recipe is its tuned recipe with the StepLR flags its 5 seeds ran with. */
  @Test
  void stepLrRecipeOfNet7826IsItsTunedRecipeWithStepLrFlags() {
    TrainConfig recipe = resolve(Map.of("model", "net7826", "recipe", "steplr"));
    TrainConfig flags =
        resolve(
            Map.of(
                "model", "net7826",
                "recipe", "tuned",
                "schedule", "step",
                "lr", "0.1",
                "step-size", "6",
                "gamma", "0.1"));
    assertEquals(flags.optim(), recipe.optim());
    assertEquals(flags.schedule().name(), recipe.schedule().name());
    assertEquals(flags.schedule().stepSize(), recipe.schedule().stepSize());
    assertEquals(flags.schedule().gamma(), recipe.schedule().gamma());
    assertEquals(flags.epochs(), recipe.epochs());
    assertEquals(flags.batchSize(), recipe.batchSize());
    assertEquals(flags.dropout(), recipe.dropout());
    assertEquals(flags.rotation(), recipe.rotation());
    assertEquals(List.of("tuned", "published", "steplr"), Recipes.available("net7826"));
  }

  @Test
  void plateauRecipeUsesPatienceTwo() {
    TrainConfig c = resolve(Map.of("model", "net7840", "recipe", "published"));
    assertEquals(2, c.schedule().patience());
    assertEquals(0.0, c.schedule().minLr());
  }

  @Test
  void tunedIsTheDefaultAndEqualsTheExplicitFlag() {
    for (String m : Models.names()) {
      TrainConfig plain = resolve(Map.of("model", m));
      TrainConfig tuned = resolve(Map.of("model", m, "recipe", "tuned"));
      assertEquals(tuned.optim(), plain.optim(), m);
      assertEquals(tuned.schedule(), plain.schedule(), m);
      if (Recipes.exists(m, Recipes.PUBLISHED)) {
        assertEquals("onecycle", plain.schedule().name(), m + ": tuned recipes are one-cycle");
      }
    }
  }

  @Test
  void publishedDiffersFromTuned() {
    TrainConfig tuned = resolve(Map.of("model", "net5308"));
    TrainConfig pub = resolve(Map.of("model", "net5308", "recipe", "published"));
    assertFalse(tuned.schedule().equals(pub.schedule()));
  }

  @Test
  void flagsOverrideThePublishedRecipe() {
    TrainConfig c = resolve(Map.of("model", "net5308", "recipe", "published", "gamma", "0.6"));
    assertEquals(0.6, c.schedule().gamma());
    assertEquals(2, c.schedule().stepSize());
  }

  @Test
  void unknownRecipeNameIsAnErrorListingTheNames() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> resolve(Map.of("model", "net5308", "recipe", "best")));
    assertTrue(e.getMessage().contains("'best'"), e.getMessage());
    assertTrue(e.getMessage().contains("tuned, published, steplr"), e.getMessage());
  }

  @Test
  void modelWithoutAPublishedRecipeSaysSo() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> resolve(Map.of("model", "net4972", "recipe", "published")));
    assertTrue(e.getMessage().contains("net4972"), e.getMessage());
    assertTrue(e.getMessage().contains("'published'"), e.getMessage());
    assertTrue(e.getMessage().contains("its recipes: tuned"), e.getMessage());
  }

  @Test
  void notesMustBeAListOfStrings() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Recipes.parse("{\"notes\": [1, 2], \"lr\": 0.1}", "netX", "published", keys()));
    assertTrue(e.getMessage().contains("published recipe netX"), e.getMessage());
    assertTrue(e.getMessage().contains("'notes'"), e.getMessage());
  }

  @Test
  void notesAreNotOptions() {
    Map<String, String> m =
        Recipes.parse("{\"notes\": [\"a\"], \"lr\": 0.1}", "netX", "published", keys());
    assertEquals(Map.of("lr", "0.1"), m);
  }

  @Test
  void aRecipeMayNotNameAModelOrARecipe() {
    for (String key : List.of("model", "recipe")) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> Recipes.parse("{\"" + key + "\": \"x\"}", "netX", "tuned", keys()));
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
  }

  @Test
  void malformedRecipeNamesTheRecipe() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Recipes.parse("{\"lr\": ", "netX", "tuned", keys()));
    assertTrue(e.getMessage().contains("tuned recipe netX"), e.getMessage());
  }

  private static java.util.Set<String> keys() {
    return ConfigResolver.knownKeys();
  }
}
