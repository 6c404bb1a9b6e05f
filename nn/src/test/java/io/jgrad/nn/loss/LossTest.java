package io.jgrad.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import org.junit.jupiter.api.Test;

/** NLLLoss and CrossEntropyLoss against their definitions, computed here in double. */
class LossTest {
  private static final float[] LOGITS = {1, 2, 0.5f, -1, 0, 3};
  private static final int[] TARGETS = {1, 2};

  private static double crossEntropyByHand() {
    double total = 0;
    for (int i = 0; i < 2; i++) {
      double lse = 0;
      for (int c = 0; c < 3; c++) {
        lse += Math.exp(LOGITS[i * 3 + c]);
      }
      total += Math.log(lse) - LOGITS[i * 3 + TARGETS[i]];
    }
    return total / 2;
  }

  @Test
  void crossEntropyIsMeanNegativeLogSoftmaxOfTheTarget() {
    Tensor logits = Tensors.fromArray(LOGITS, 2, 3);
    assertEquals(
        crossEntropyByHand(), new CrossEntropyLoss().forward(logits, TARGETS).item(), 1e-6);
    assertEquals(
        2 * crossEntropyByHand(),
        new CrossEntropyLoss(Reduction.SUM).forward(logits, TARGETS).item(),
        2e-6);
  }

  @Test
  void nllOfLogSoftmaxEqualsCrossEntropy() {
    Tensor logp = Tensors.fromArray(LOGITS, 2, 3).logSoftmax(1);
    assertEquals(crossEntropyByHand(), new NLLLoss().forward(logp, TARGETS).item(), 1e-6);
    Tensor direct = Tensors.fromArray(new float[] {-0.5f, -2f, -3f, -0.25f}, 2, 2);
    assertEquals((2 + 0.25) / 2, new NLLLoss().forward(direct, new int[] {1, 1}).item(), 1e-7);
  }
}
