package io.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Generator#nextFloats} is the {@link Generator#nextFloat} stream, drawn in bulk. */
class GeneratorBulkDrawTest {
  @Test
  void bulkDrawsEqualSingleDrawsAndLeaveTheSameState() {
    Generator single = new Generator(42);
    Generator bulk = new Generator(42);
    single.nextGaussian(); // a cached spare must not matter to either path
    bulk.nextGaussian();
    float[] expected = new float[1000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = single.nextFloat();
    }
    float[] got = new float[1010];
    bulk.nextFloats(got, 3, 700);
    bulk.nextFloats(got, 703, 0);
    bulk.nextFloats(got, 703, 300);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[3 + i]), "draw " + i);
    }
    assertEquals(0f, got[0]);
    assertEquals(0f, got[1003]);
    assertEquals(single.nextLong(), bulk.nextLong(), "both generators continue identically");
    assertEquals(single.nextGaussian(), bulk.nextGaussian());
  }

  @Test
  void drawsAreInTheUnitInterval() {
    float[] v = new float[10_000];
    new Generator(7).nextFloats(v, 0, v.length);
    double sum = 0;
    for (float x : v) {
      assertTrue(x >= 0f && x < 1f, "draw " + x);
      sum += x;
    }
    // mean of 10,000 uniforms: 0.5 with standard deviation 0.0029; 6 sigma
    assertEquals(0.5, sum / v.length, 0.018);
  }

  @Test
  void aRangeOutsideTheArrayIsAClearError() {
    Generator g = new Generator(1);
    float[] v = new float[4];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.nextFloats(v, 2, 3));
    assertTrue(e.getMessage().contains("[2, 2 + 3) is outside an array of 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.nextFloats(v, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> g.nextFloats(v, 0, -1));
  }
}
