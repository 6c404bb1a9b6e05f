package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import org.junit.jupiter.api.Test;

class SoftmaxLayerTest {
  @Test
  void rowsSumToOneAndEqualExpOfLogSoftmax() {
    Tensor x = Tensors.randn(new Generator(3), 4, 6).mul(3.0);
    float[] p = new Softmax(1).forward(x).toArray();
    float[] lp = new LogSoftmax(1).forward(x).toArray();
    for (int r = 0; r < 4; r++) {
      double sum = 0;
      for (int c = 0; c < 6; c++) {
        sum += p[r * 6 + c];
        assertEquals(Math.exp(lp[r * 6 + c]), p[r * 6 + c], 1e-6);
      }
      assertEquals(1.0, sum, 1e-5);
    }
    assertEquals("Softmax(dim=1)", new Softmax(1).toString());
  }
}
