package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Test;

/** Dropout layers: identity in eval, inverted dropout in training, reproducible masks. */
class DropoutTest {
  private static Tensor input() {
    return Tensors.uniform(new Generator(9), Shape.of(4, 6, 5, 5), 1, 2, Backends.defaultDevice());
  }

  @Test
  void evalIsTheIdentity() {
    Tensor x = input();
    Dropout d = new Dropout(0.5, 1L);
    d.eval();
    assertArrayEquals(x.toArray(), d.forward(x).toArray());
    Dropout2d d2 = new Dropout2d(0.5, 1L);
    d2.eval();
    assertArrayEquals(x.toArray(), d2.forward(x).toArray());
  }

  @Test
  void trainingZeroesOrScalesEachElement() {
    Tensor x = input();
    float[] in = x.toArray();
    float[] out = new Dropout(0.5, 3L).forward(x).toArray();
    int zeros = 0;
    for (int i = 0; i < in.length; i++) {
      if (out[i] == 0) {
        zeros++;
      } else {
        assertEquals(2 * in[i], out[i], 1e-6f, "kept values are scaled by 1/(1-p)");
      }
    }
    // 600 Bernoulli(0.5) draws: 0 or 600 zeros would mean no dropout at all.
    assertTrue(zeros > 0 && zeros < in.length, "zeros: " + zeros);
  }

  @Test
  void dropout2dDropsWholeChannels() {
    Tensor x = input();
    float[] in = x.toArray();
    float[] out = new Dropout2d(0.5, 4L).forward(x).toArray();
    int dropped = 0;
    for (int ch = 0; ch < 4 * 6; ch++) {
      boolean zero = out[ch * 25] == 0;
      dropped += zero ? 1 : 0;
      for (int k = 0; k < 25; k++) {
        int i = ch * 25 + k;
        assertEquals(zero ? 0 : 2 * in[i], out[i], 1e-6f, "channel " + ch + " element " + k);
      }
    }
    assertTrue(dropped > 0 && dropped < 24, "dropped channels: " + dropped);
  }

  @Test
  void sameSeedSameMaskAndGeneratorStateCanBeCheckpointed() {
    Tensor x = input();
    Dropout a = new Dropout(0.3, 77L);
    Dropout b = new Dropout(0.3, new Generator(77L));
    assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    long[] state = a.generator().getState();
    float[] next = a.forward(x).toArray();
    a.generator().setState(state);
    assertArrayEquals(next, a.forward(x).toArray(), "restored generator replays the mask");
  }
}
