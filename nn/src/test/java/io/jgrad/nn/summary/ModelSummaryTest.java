package io.jgrad.nn.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.TestNets;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** torchsummary's table for the 7,840-parameter MNIST network. */
class ModelSummaryTest {
  /** Expected rows derived from the architecture: valid convs shrink by k-1, the pool halves. */
  private static List<Object[]> expectedRows(Sequential net) {
    List<Object[]> rows = new ArrayList<>();
    int c = 1;
    int n = 28;
    int i = 1;
    for (Module m : net) {
      long params = 0;
      if (m instanceof Conv2d) {
        Conv2d conv = (Conv2d) m;
        int k = conv.kernelSize()[0];
        params = (long) conv.outChannels() * c * k * k;
        c = conv.outChannels();
        n = n - k + 1;
      } else if (m instanceof BatchNorm2d) {
        params = 2L * c;
      } else if (m.name().equals("MaxPool2d")) {
        n = n / 2;
      }
      rows.add(new Object[] {m.name() + "-" + i++, List.of(-1, c, n, n), params});
    }
    return rows;
  }

  @Test
  void rowsTotalsAndSizesMatchTorchsummary() {
    Sequential net = TestNets.mnist7840(0);
    ModelSummary s = ModelSummary.of(net, 1, 28, 28);
    List<Object[]> expected = expectedRows(net);
    assertEquals(expected.size(), s.rows().size());
    long outputs = 0;
    for (int r = 0; r < expected.size(); r++) {
      ModelSummary.Row row = s.rows().get(r);
      assertEquals(expected.get(r)[0], row.layer());
      assertEquals(expected.get(r)[1], row.outputShape(), row.layer());
      assertEquals(expected.get(r)[2], row.params(), row.layer());
      assertEquals(Integer.toString(r), row.path());
      outputs +=
          (long) row.outputShape().get(1) * row.outputShape().get(2) * row.outputShape().get(3);
    }
    assertEquals(List.of(-1, 10, 26, 26), s.rows().get(0).outputShape());
    assertEquals(List.of(-1, 10, 1, 1), s.rows().get(s.rows().size() - 1).outputShape());
    assertEquals(7840, s.totalParams());
    assertEquals(7840, s.trainableParams());
    assertEquals(0, s.nonTrainableParams());
    double mb = 1024.0 * 1024.0;
    assertEquals(28 * 28 * 4 / mb, s.inputSizeMb(), 1e-12);
    assertEquals(2.0 * outputs * 4 / mb, s.forwardBackwardMb(), 1e-12);
    assertEquals(7840 * 4 / mb, s.paramsMb(), 1e-12);
    assertEquals(s.inputSizeMb() + s.forwardBackwardMb() + s.paramsMb(), s.totalMb(), 1e-12);

    String text = s.toString();
    assertTrue(
        text.contains(
            String.format("%20s  %25s %15s%n", "Layer (type)", "Output Shape", "Param #")
                .replace(System.lineSeparator(), "\n")),
        text);
    assertTrue(
        text.contains(
            String.format(Locale.ROOT, "%20s  %25s %15s\n", "Conv2d-1", "[-1, 10, 26, 26]", "90")),
        text);
    assertTrue(
        text.contains(
            String.format(
                Locale.ROOT, "%20s  %25s %15s\n", "Conv2d-30", "[-1, 10, 1, 1]", "2,500")),
        text);
    assertTrue(
        text.contains(
            "Total params: 7,840\nTrainable params: 7,840\n" + "Non-trainable params: 0\n"),
        text);
    assertTrue(
        text.contains(
            String.format(
                Locale.ROOT, "Forward/backward pass size (MB): %.2f\n", 2.0 * outputs * 4 / mb)),
        text);
    assertTrue(text.contains("Params size (MB): 0.03\n"), text);
    assertTrue(text.startsWith("-".repeat(64) + "\n"));
  }

  @Test
  void summaryRestoresEachModulesModeAndDoesNotTouchRunningStats() {
    Sequential net = TestNets.mnist7840(0);
    net.train();
    net.get(3).eval();
    ModelSummary.of(net, 1, 28, 28);
    assertTrue(net.isTraining());
    assertTrue(net.get(1).isTraining());
    assertFalse(net.get(3).isTraining());
    BatchNorm2d bn = (BatchNorm2d) net.get(1);
    assertEquals(0f, bn.numBatchesTracked().item(), "the summary runs in eval mode");
    assertEquals(0f, bn.runningMean().toArray()[0]);
  }

  @Test
  void frozenParametersCountAsNonTrainable() {
    Sequential net = TestNets.mnist7840(0);
    ((Conv2d) net.get(0)).weight().requiresGrad(false);
    ModelSummary s = ModelSummary.of(net, 1, 28, 28);
    assertEquals(7840 - 90, s.trainableParams());
    assertEquals(90, s.nonTrainableParams());
  }
}
