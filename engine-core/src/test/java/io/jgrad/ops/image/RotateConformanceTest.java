package io.jgrad.ops.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.functional.Functional;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every "rotate" conformance case (torchvision's {@code rotate}: nearest and bilinear, both signs
 * of angle, fill 0 and 1) through {@link Functional#rotate} as a batch of one image, on the CPU and
 * the reference backend. (mnist-examples owns the op in the coverage map and checks its host-side
 * {@code RandomRotation} against the same cases.)
 */
class RotateConformanceTest {
  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ConformanceCase c : ConformanceCase.forOps("rotate")) {
      out.add(Arguments.of(Device.CPU, c));
      out.add(Arguments.of(Device.REFERENCE, c));
    }
    return out;
  }

  @Test
  void thereAreRotateCases() {
    assertTrue(!ConformanceCase.forOps("rotate").isEmpty(), "no rotate conformance cases found");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesTorchvision(Device device, ConformanceCase c) {
    JsonNode attrs = c.attrs();
    assertTrue(attrs.path("center").isNull(), c.name() + ": only center=None is supported");
    assertTrue(!attrs.path("expand").asBoolean(false), c.name() + ": only expand=False");
    ConformanceCase.CaseTensor in = c.input("input");
    int[] s = in.shape();
    assertEquals(3, s.length, c.name() + ": input must be [C,H,W]");
    JsonNode fillNode = attrs.get("fill");
    float[] fill = new float[fillNode.size()];
    for (int i = 0; i < fill.length; i++) {
      fill[i] = (float) fillNode.get(i).asDouble();
    }
    Interpolation interp =
        Interpolation.valueOf(attrs.get("interpolation").asText().toUpperCase(Locale.ROOT));
    Tensor x = Tensors.fromArray(in.floats(), Shape.of(1, s[0], s[1], s[2]), device);
    Tensor y = Functional.rotate(x, new double[] {attrs.get("angle").asDouble()}, interp, fill);
    assertEquals(x.shape(), y.shape(), "rotate keeps the shape");
    assertTrue(!y.requiresGrad(), "rotate output has no history");
    float[] actual = y.toArray();
    // Sampling points within 1e-5 of a rounding boundary are ambiguous (the README says to skip
    // them): take the expected value there so only the other indices are compared.
    double[] expected = c.expected().get("output").data();
    for (JsonNode idx : attrs.path("ambiguous_indices")) {
      actual[idx.asInt()] = (float) expected[idx.asInt()];
    }
    new ConformanceChecker(c).put("output", s, actual).verify();
  }
}
