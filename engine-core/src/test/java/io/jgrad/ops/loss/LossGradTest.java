package io.jgrad.ops.loss;

import io.jgrad.Generator;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Float64 gradient checks of nll_loss and cross_entropy with respect to their input. */
class LossGradTest {
  @Test
  void nllLossOfLogProbabilities() {
    int[] targets = {3, 0, 4, 4, 1};
    GradCheck.of("nll_loss")
        .randomInput("input", new Generator(1), 5, 5)
        .check(xs -> Functional.nllLoss(xs.get(0).logSoftmax(1), targets));
  }

  @Test
  void nllLossDirect() {
    int[] targets = {1, 0, 2, 2};
    GradCheck.of("nll_loss direct")
        .randomInput("input", new Generator(2), 4, 3)
        .check(xs -> Functional.nllLoss(xs.get(0), targets));
  }

  @Test
  void crossEntropy() {
    int[] targets = {9, 0, 3, 7};
    GradCheck.of("cross_entropy")
        .randomInput("input", new Generator(3), 4, 10)
        .check(xs -> Functional.crossEntropy(xs.get(0), targets));
  }

  @Test
  void crossEntropyLargeBatchFastMode() {
    int[] targets = new int[64];
    Generator gen = new Generator(4);
    for (int i = 0; i < targets.length; i++) {
      targets[i] = gen.nextInt(10);
    }
    GradCheck.of("cross_entropy 64x10")
        .randomInput("input", gen, 64, 10)
        .check(xs -> Functional.crossEntropy(xs.get(0), targets));
  }
}
