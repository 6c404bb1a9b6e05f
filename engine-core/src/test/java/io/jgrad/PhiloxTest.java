package io.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Philox} against the known answers written by {@code philox/philox_vectors.py}, an
 * independent Python implementation that checks itself against the vectors published with
 * Random123; and {@link Generator#reserveDraw} as the stream's bookkeeping.
 */
class PhiloxTest {
  private static List<String[]> lines(String kind) throws IOException {
    try (InputStream in = PhiloxTest.class.getResourceAsStream("/philox/philox4x32_10.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      List<String[]> out = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.startsWith(kind + " ")) {
          out.add(line.trim().split(" +"));
        }
      }
      return out;
    }
  }

  private static int hex(String s) {
    return Integer.parseUnsignedInt(s, 16);
  }

  @Test
  void blocksMatchTheIndependentImplementation() throws IOException {
    List<String[]> cases = lines("block");
    assertTrue(cases.size() >= 20, "known answers found: " + cases.size());
    for (String[] c : cases) {
      int[] got = new int[6];
      Philox.block(hex(c[1]), hex(c[2]), hex(c[3]), hex(c[4]), hex(c[5]), hex(c[6]), got, 2);
      int[] want = {0, 0, hex(c[8]), hex(c[9]), hex(c[10]), hex(c[11])};
      assertArrayEquals(want, got, String.join(" ", c));
    }
  }

  @Test
  void publishedRandom123VectorsHold() {
    int[] got = new int[4];
    Philox.block(0, 0, 0, 0, 0, 0, got, 0);
    assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, got);
    Philox.block(-1, -1, -1, -1, -1, -1, got, 0);
    assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, got);
  }

  @Test
  void streamWordsAndAnySplitOfADrawMatch() throws IOException {
    List<String[]> cases = lines("stream");
    assertTrue(cases.size() >= 5, "stream cases found: " + cases.size());
    SplittableRandom rng = new SplittableRandom(4);
    for (String[] c : cases) {
      long key = Long.parseLong(c[1]);
      long first = Long.parseLong(c[2]);
      int n = Integer.parseInt(c[3]);
      float[] whole = new float[n];
      Philox.uniforms(key, first, 0, n, whole, 0);
      float[] pieces = new float[n + 5];
      for (int from = 0; from < n; ) {
        int to = Math.min(n, from + 1 + rng.nextInt(5));
        Philox.uniforms(key, first, from, to, pieces, -5);
        from = to;
      }
      for (int i = 0; i < n; i++) {
        int want = hex(c[5 + i]);
        assertEquals(want, Philox.word(key, first, i), "word " + i + " of " + String.join(" ", c));
        float u = (want >>> 8) / 16777216f;
        assertEquals(u, whole[i], "uniform " + i);
        assertEquals(u, pieces[i + 5], "uniform " + i + " drawn in pieces");
        assertTrue(u >= 0 && u < 1);
      }
    }
  }

  @Test
  void drawsTakeConsecutiveWholeBlocksAndStateRoundTrips() {
    Generator g = new Generator(-7);
    assertEquals(-7, g.streamKey());
    assertEquals(0, g.reserveDraw(5));
    assertEquals(2, g.reserveDraw(0));
    assertEquals(2, g.reserveDraw(8));
    assertEquals(4, g.streamOffset());
    long[] state = g.getState();
    Generator h = new Generator(99);
    h.setState(state);
    assertEquals(-7, h.streamKey());
    assertEquals(4, h.reserveDraw(1));
    assertEquals(g.nextLong(), h.nextLong());
    g.manualSeed(3);
    assertEquals(0, g.streamOffset());
    assertThrows(IllegalArgumentException.class, () -> g.reserveDraw(-1));
    assertThrows(IllegalArgumentException.class, () -> g.setState(new long[7]));
  }

  @Test
  void keepThresholdIsTheDoubleComparisonOfTheUniform() {
    SplittableRandom rnd = new SplittableRandom(17);
    List<Double> ps = new ArrayList<>(List.of(0.0, 1.0, 0.05, 0.1, 0.5, 0.9, Double.MIN_VALUE));
    for (int t = 0; t < 2000; t++) {
      double onGrid = rnd.nextInt(1 << 24) * 0x1p-24; // exactly a uniform's value
      ps.add(onGrid);
      ps.add(Math.nextUp(onGrid));
      ps.add(Math.nextDown(onGrid));
      ps.add(rnd.nextDouble());
    }
    for (double p : ps) {
      if (p < 0 || p > 1) {
        continue;
      }
      int threshold = Philox.keepThreshold(p);
      for (int m :
          new int[] {threshold - 2, threshold - 1, threshold, threshold + 1, 0, (1 << 24) - 1}) {
        if (m < 0 || m >= 1 << 24) {
          continue;
        }
        int word = (m << 8) | rnd.nextInt(256);
        assertEquals(
            (double) Philox.uniform(word) >= p,
            (word >>> 8) >= threshold,
            "p = " + p + ", m = " + m + ", threshold = " + threshold);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Philox.keepThreshold(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Philox.keepThreshold(1.5));
  }
}
