package io.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.functional.Functional;
import org.junit.jupiter.api.Test;

/** The README's "gradient in ten lines" example, kept working. */
class ReadmeExampleTest {
  @Test
  void gradientOfASmallCnn() {
    Generator gen = new Generator(42);
    Tensor x = Tensors.randn(gen, 4, 1, 28, 28);
    Tensor w1 = Tensors.randn(gen, 8, 1, 3, 3).mul(0.3).detach().requiresGrad(true);
    Tensor w2 = Tensors.randn(gen, 10, 8, 26, 26).mul(0.01).detach().requiresGrad(true);
    Tensor h = Functional.relu(Functional.conv2d(x, w1, null, 1, 0));
    Tensor logits = Functional.conv2d(h, w2, null, 1, 0).reshape(4, 10);
    Tensor loss = Functional.crossEntropy(logits, new int[] {3, 1, 4, 1});
    loss.backward();

    assertEquals(Shape.of(8, 1, 3, 3), w1.grad().shape());
    assertEquals(Shape.of(10, 8, 26, 26), w2.grad().shape());
    assertTrue(loss.item() > 0 && Float.isFinite(loss.item()), "loss " + loss.item());
    double norm = 0;
    for (float g : w1.grad().toArray()) {
      norm += g * g;
    }
    assertTrue(norm > 0, "the first layer received a gradient");
  }
}
