package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Tensors;
import io.jgrad.examples.mnist.models.ChainStep;
import io.jgrad.examples.mnist.models.Chains;
import io.jgrad.examples.mnist.train.LrSchedule;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.nn.optim.SGD;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The learning rate of every epoch that each published recipe and chain step builds, checked
 * against the rates the write-ups state (StepLR) or log (ReduceLROnPlateau).
 */
class RecipeSchedulesTest {
  /** The rate of every epoch (1-based order) under {@code cfg}, feeding {@code testLoss}. */
  static double[] epochRates(TrainConfig cfg, double[] testLoss) {
    SGD opt = new SGD(List.of(Tensors.zeros(2).requiresGrad(true)), cfg.optim().lr());
    LrSchedule s = LrSchedule.create(cfg.schedule(), cfg.optim(), opt, cfg.epochs(), 10);
    double[] out = new double[cfg.epochs()];
    for (int e = 0; e < cfg.epochs(); e++) {
      out[e] = s.lr();
      for (int b = 0; b < 10; b++) {
        s.afterBatch();
      }
      s.afterEpoch(testLoss == null ? 1.0 : testLoss[e]);
    }
    return out;
  }

  /** StepLR as the write-ups state it: {@code lr * gamma^floor(e / step)} for epoch e from 0. */
  static double[] stepRates(int epochs, double lr, int step, double gamma) {
    double[] out = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      out[e] = lr * Math.pow(gamma, e / step);
    }
    return out;
  }

  static void assertRates(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * expected[0], what + ", epoch " + (i + 1));
    }
  }

  static TrainConfig published(String model) {
    return RecipesTest.resolve(Map.of("model", model, "recipe", "published"));
  }

  @Test
  void chain5308LastStepHalvesEveryTwoEpochsFrom01() {
    double[] r = epochRates(published("net5308"), null);
    assertRates(stepRates(15, 0.1, 2, 0.5), r, "net5308");
    assertEquals(0.1 / 128, r[14], 1e-15);
  }

  @Test
  void chain5308Step8TakesSixTenthsEveryTwoEpochs() {
    assertRates(stepRates(15, 0.1, 2, 0.6), epochRates(published("net10120"), null), "net10120");
  }

  @Test
  void rf28AndRf32NetsDivideBy10Every6Epochs() {
    for (String m : List.of("net9060", "net7826")) {
      double[] r = epochRates(published(m), null);
      assertRates(stepRates(14, 0.01, 6, 0.1), r, m);
      assertEquals(0.001, r[6], 1e-15, m + ": the write-up's 0.001 after epoch 6");
    }
  }

  @Test
  void net7838StepLrRecipeDividesBy10After6And12() {
    TrainConfig c = RecipesTest.resolve(Map.of("model", "net7838", "recipe", "steplr"));
    double[] r = epochRates(c, null);
    assertRates(stepRates(15, 0.1, 6, 0.1), r, "net7838 steplr");
    assertEquals(0.001, r[12], 1e-15);
  }

  @Test
  void net5760StepsEvery8Epochs() {
    assertRates(stepRates(15, 0.1, 8, 0.1), epochRates(published("net5760"), null), "net5760");
  }

  /**
   * The 7,840 write-up's log: the test loss of each epoch and the rate it trained with (0.1008 for
   * epochs 1-9, a tenth from epoch 10). ReduceLROnPlateau with the recipe's settings must give the
   * same rates from the same losses.
   */
  @Test
  void net7840PlateauReproducesThePublishedRateTrace() {
    double[] loss = {
      0.05815, 0.04769, 0.03465, 0.03072, 0.03019, 0.02449, 0.03141, 0.02535, 0.02513, 0.02062,
      0.02010, 0.01873, 0.01856, 0.01959, 0.01889
    };
    double[] expected = new double[15];
    for (int e = 0; e < 15; e++) {
      expected[e] = e < 9 ? 0.10080224034423935 : 0.010080224034423935;
    }
    double[] r = epochRates(published("net7840"), loss);
    for (int e = 0; e < 15; e++) {
      assertEquals(expected[e], r[e], 1e-15, "net7840 epoch " + (e + 1));
    }
  }

  /** Every chain step resolves; chain 5308 steps 1-7 at a constant 0.01, steps 8-10 StepLR. */
  @Test
  void chainStepsTrainWithTheirPublishedRecipes() {
    List<ChainStep> steps = Chains.require("chain5308");
    for (ChainStep s : steps) {
      TrainConfig c = stepConfig(s);
      double[] r = epochRates(c, null);
      if (s.step() <= 7) {
        assertRates(stepRates(15, 0.01, 15, 1), r, "chain5308 step " + s.step());
        assertEquals("none", c.schedule().name());
      } else {
        double gamma = s.step() == 10 ? 0.5 : 0.6;
        assertRates(stepRates(15, 0.1, 2, gamma), r, "chain5308 step " + s.step());
      }
      assertEquals(0.0, c.optim().momentum(), "PyTorch's default momentum");
      assertEquals(s.step() >= 7 ? 7.0 : 0.0, c.rotation(), "step " + s.step());
    }
    for (String chain : List.of("chain9060", "chain7826")) {
      List<ChainStep> four = Chains.require(chain);
      assertEquals(4, four.size());
      for (ChainStep s : four) {
        TrainConfig c = stepConfig(s);
        double[] expected =
            s.step() == 4 ? stepRates(14, 0.01, 6, 0.1) : stepRates(14, 0.01, 14, 1);
        assertRates(expected, epochRates(c, null), chain + " step " + s.step());
        assertEquals(s.step() >= 2, c.dropout() > 0, chain + " dropout from step 2");
        assertEquals(s.step() >= 3, c.rotation() > 0, chain + " rotation from step 3");
      }
    }
  }

  static TrainConfig stepConfig(ChainStep s) {
    Map<String, String> cli = new LinkedHashMap<>(s.overrides());
    cli.put("model", s.model());
    cli.put("recipe", s.recipe());
    return RecipesTest.resolve(cli);
  }
}
