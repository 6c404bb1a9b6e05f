package io.jgrad.examples.mnist.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.nn.Module;
import io.jgrad.nn.summary.ReceptiveField;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelsTest {
  /**
   * The published parameter counts and receptive fields every registered network must meet. The
   * names carry the counts; the receptive fields are the published ones where given (9,060: 28
   * without padding, 7,826: 32) and otherwise those of the documented layouts.
   */
  static Stream<Arguments> expected() {
    return Stream.of(
        Arguments.of("net7840", 7840, 28),
        Arguments.of("net7838", 7838, 28),
        Arguments.of("net7826", 7826, 32),
        Arguments.of("net9060", 9060, 28),
        Arguments.of("net5760", 5760, 28),
        Arguments.of("net10120", 10120, 28),
        Arguments.of("net5308", 5308, 28),
        Arguments.of("net75828", 75828, 28),
        Arguments.of("net8008", 8008, 28),
        Arguments.of("net6748", 6748, 28),
        Arguments.of("net6864", 6864, 28),
        Arguments.of("net4764", 4764, 28),
        Arguments.of("net4972", 4972, 28));
  }

  @ParameterizedTest
  @MethodSource("expected")
  void parameterCountAndReceptiveFieldAreExact(String name, int params, int rf) {
    ModelSpec spec = Models.require(name);
    Module m = spec.create(0.1, 7);
    assertEquals(params, m.numParameters(), name + " parameters");
    assertEquals(params, spec.params(), name + " registered count");
    ReceptiveField field = ReceptiveField.of(m, 28);
    assertEquals(rf, field.receptiveField(), name + " receptive field");
    assertEquals(rf, spec.receptiveField(), name + " registered receptive field");
    assertEquals(1, field.outputSize(), name + " must reduce 28x28 to one output per class");
  }

  /**
   * The receptive-field tables of the 9,060 (RF 28) and 7,826 (RF 32) write-up, row for row:
   * kernel, padding, stride, input size, output size, receptive field out.
   */
  static Stream<Arguments> publishedLayerTables() {
    int[][] rf28 = {
      {3, 0, 1, 28, 26, 3}, {3, 0, 1, 26, 24, 5}, {2, 0, 2, 24, 12, 6}, {3, 0, 1, 12, 10, 10},
      {3, 0, 1, 10, 8, 14}, {3, 0, 1, 8, 6, 18}, {3, 0, 1, 6, 4, 22}, {4, 0, 1, 4, 1, 28}
    };
    int[][] rf32 = {
      {3, 1, 1, 28, 28, 3}, {3, 1, 1, 28, 28, 5}, {2, 0, 2, 28, 14, 6}, {3, 0, 1, 14, 12, 10},
      {3, 0, 1, 12, 10, 14}, {3, 0, 1, 10, 8, 18}, {3, 0, 1, 8, 6, 22}, {3, 0, 1, 6, 4, 26},
      {4, 0, 1, 4, 1, 32}
    };
    return Stream.of(Arguments.of("net9060", rf28), Arguments.of("net7826", rf32));
  }

  @ParameterizedTest
  @MethodSource("publishedLayerTables")
  void layoutMatchesThePublishedReceptiveFieldTable(String name, int[][] table) {
    List<ReceptiveField.Row> rows = ReceptiveField.of(Models.create(name, 0, 1), 28).rows();
    assertEquals(table.length, rows.size(), name + " window layers: " + rows);
    for (int i = 0; i < table.length; i++) {
      ReceptiveField.Row r = rows.get(i);
      int[] got = {r.kernel(), r.padding(), r.stride(), r.sizeIn(), r.sizeOut(), r.rfOut()};
      assertArrayEquals(table[i], got, name + " layer " + (i + 1) + ": " + r);
    }
  }

  @Test
  void everyRegisteredModelIsCheckedAbove() {
    List<String> checked = expected().map(a -> (String) a.get()[0]).toList();
    assertEquals(Models.names().stream().sorted().toList(), checked.stream().sorted().toList());
  }

  @ParameterizedTest
  @MethodSource("expected")
  @SuppressWarnings("try")
  void forwardGivesLogProbabilitiesPerClass(String name) {
    Module m = Models.create(name, 0, 3);
    m.eval();
    Tensor x = Tensors.randn(new Generator(5), 2, 1, 28, 28);
    float[] out;
    try (var scope = GradMode.noGrad()) {
      Tensor y = m.call(x);
      assertEquals(Shape.of(2, 10), y.shape(), name);
      out = y.toArray();
    }
    for (int row = 0; row < 2; row++) {
      double sum = 0;
      for (int c = 0; c < 10; c++) {
        sum += Math.exp(out[row * 10 + c]);
      }
      assertEquals(1.0, sum, 1e-4, name + " rows of exp(log_softmax) sum to 1");
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    Map<String, Tensor> a = Models.create("net5308", 0, 11).stateDict();
    Map<String, Tensor> b = Models.create("net5308", 0, 11).stateDict();
    Map<String, Tensor> c = Models.create("net5308", 0, 12).stateDict();
    assertArrayEquals(a.get("0.weight").toArray(), b.get("0.weight").toArray());
    assertNotEquals(
        java.util.Arrays.toString(a.get("0.weight").toArray()),
        java.util.Arrays.toString(c.get("0.weight").toArray()));
  }

  @Test
  void unknownModelListsTheKnownOnes() {
    UnknownModelException e =
        assertThrows(UnknownModelException.class, () -> Models.require("net1234"));
    assertTrue(e.getMessage().contains("net1234"), e.getMessage());
    for (String n : Models.names()) {
      assertTrue(e.getMessage().contains(n), e.getMessage());
    }
  }

  @Test
  void namesAreCaseInsensitive() {
    assertEquals("net7840", Models.require("NET7840").name());
  }

  @Test
  void chainStepsUseRegisteredModelsAndEndAt5308() {
    List<ChainStep> steps = Chains.require("chain5308");
    assertEquals(10, steps.size());
    assertEquals(List.of("chain5308", "chain9060", "chain7826"), Chains.names());
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(i + 1, steps.get(i).step());
      Models.require(steps.get(i).model());
    }
    assertEquals("net75828", steps.get(0).model());
    assertEquals("net5308", steps.get(steps.size() - 1).model());
    assertThrows(IllegalArgumentException.class, () -> Chains.require("chain42"));
  }
}
