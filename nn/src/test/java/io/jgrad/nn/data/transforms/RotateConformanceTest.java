package io.jgrad.nn.data.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RandomRotation#rotate(Tensor, double)} against torchvision's {@code rotate} (conformance
 * op "rotate": nearest and bilinear, positive and negative angles, fill 0 and 1).
 */
class RotateConformanceTest {
  private static final AtomicInteger RAN = new AtomicInteger();

  static List<ConformanceCase> cases() {
    return ConformanceCase.forOps("rotate");
  }

  @Test
  void thereAreRotateCases() {
    assertTrue(cases().size() >= 1, "no rotate conformance cases found");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorchvision(ConformanceCase c) {
    JsonNode attrs = c.attrs();
    ConformanceCase.CaseTensor in = c.input("input");
    int[] s = in.shape();
    assertEquals(3, s.length, c.name() + ": input must be [C,H,W]");
    assertTrue(attrs.path("center").isNull(), c.name() + ": only center=None is supported");
    assertTrue(!attrs.path("expand").asBoolean(false), c.name() + ": only expand=False");
    JsonNode fillNode = attrs.get("fill");
    float[] fill = new float[fillNode.size()];
    for (int i = 0; i < fill.length; i++) {
      fill[i] = (float) fillNode.get(i).asDouble();
    }
    Interpolation interp =
        Interpolation.valueOf(attrs.get("interpolation").asText().toUpperCase(Locale.ROOT));
    RandomRotation rr = new RandomRotation(0, 0, interp, fill);
    float[] actual;
    try (Tensor x = Tensors.fromArray(in.floats(), Shape.of(s), Device.CPU);
        Tensor y = rr.rotate(x, attrs.get("angle").asDouble())) {
      actual = y.toArray();
    }

    // Indices whose sampling point lies on a rounding boundary are ambiguous (the README says to
    // skip them): take the expected value there so only the other indices are compared.
    double[] expected = c.expected().get("output").data();
    JsonNode ambiguous = attrs.path("ambiguous_indices");
    for (JsonNode idx : ambiguous) {
      actual[idx.asInt()] = (float) expected[idx.asInt()];
    }
    if (ambiguous.size() > 0) {
      System.out.println(
          c.name() + ": skipped " + ambiguous.size() + " ambiguous indices " + ambiguous);
    }
    new ConformanceChecker(c).put("output", s, actual).verify();
    RAN.incrementAndGet();
  }

  @AfterAll
  static void atLeastOneCaseRan() {
    assertTrue(RAN.get() >= 1, "no rotate case ran");
  }
}
