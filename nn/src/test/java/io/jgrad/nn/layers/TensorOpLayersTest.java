package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.summary.ReceptiveField;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The activation layers, BatchNorm1d and Conv2d's padding "same": results equal to the tensor ops
 * they wrap, PyTorch's state-dict keys and reprs, output sizes, and argument errors.
 */
class TensorOpLayersTest {
  private static Tensor x(int... shape) {
    return Tensors.randn(new Generator(5), shape);
  }

  @Test
  void activationLayersApplyTheirOps() {
    Tensor t = x(3, 4);
    assertArrayEquals(t.sigmoid().toArray(), new Sigmoid().forward(t).toArray());
    assertArrayEquals(t.tanh().toArray(), new Tanh().forward(t).toArray());
    assertArrayEquals(t.leakyRelu(0.01).toArray(), new LeakyReLU().forward(t).toArray());
    assertArrayEquals(t.leakyRelu(0.3).toArray(), new LeakyReLU(0.3).forward(t).toArray());
    assertArrayEquals(t.gelu().toArray(), new GELU().forward(t).toArray());
    assertArrayEquals(t.gelu("tanh").toArray(), new GELU("tanh").forward(t).toArray());
    String repr = new Sequential(new LeakyReLU(0.2), new GELU("tanh"), new Sigmoid()).toString();
    assertTrue(repr.contains("LeakyReLU(negative_slope=0.2)"), repr);
    assertTrue(repr.contains("GELU(approximate='tanh')"), repr);
    assertThrows(IllegalArgumentException.class, () -> new GELU("erf"));
  }

  @Test
  void batchNorm1dHasBatchNorm2dStateAndKeepsTheShape() {
    BatchNorm1d bn = new BatchNorm1d(4);
    assertEquals(
        Set.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
        bn.stateDict().keySet());
    assertArrayEquals(new int[] {8, 4}, bn.forward(x(8, 4)).shape().dims());
    assertArrayEquals(new int[] {2, 4, 5}, bn.forward(x(2, 4, 5)).shape().dims());
    assertEquals(2f, bn.numBatchesTracked().item());
    Tensor y = bn.forward(x(16, 4));
    double[] mean = y.mean(new int[] {0}, false).toDoubleArray();
    for (double m : mean) {
      assertEquals(0.0, m, 1e-5);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(x(2, 3)));
    assertTrue(e.getMessage().contains("BatchNorm1d") && e.getMessage().contains("[2, 3]"));
    e = assertThrows(IllegalArgumentException.class, () -> bn.forward(x(1, 4)));
    assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
    assertTrue(e.getMessage().startsWith("BatchNorm1d: num_features"), e.getMessage());
  }

  @Test
  void sameConvKeepsHeightAndWidth() {
    for (int k = 1; k <= 6; k++) {
      Conv2d conv = new Conv2d(2, 3, k, "same");
      Tensor y = conv.forward(Tensors.zeros(Shape.of(1, 2, 7, 9), Device.CPU));
      assertArrayEquals(new int[] {1, 3, 7, 9}, y.shape().dims(), "kernel " + k);
    }
    Conv2d dilated = Conv2d.builder(1, 1, 2, 3).padding("same").dilation(3, 2).build();
    assertArrayEquals(new int[] {1, 1, 5, 6}, dilated.forward(x(1, 1, 5, 6)).shape().dims());
    assertTrue(new Conv2d(1, 1, 3, "same").toString().contains("padding=same"));
    assertArrayEquals(
        new int[] {1, 1, 3, 3}, new Conv2d(1, 1, 3, "valid").forward(x(1, 1, 5, 5)).shape().dims());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Conv2d.builder(1, 1, 3).padding("same").stride(2).build());
    assertTrue(e.getMessage().contains("stride 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 3, "full"));
  }

  @Test
  void receptiveFieldCountsTheExtraRowOfEvenSameKernels() {
    Sequential net = new Sequential(new Conv2d(1, 2, 4, "same"), new Conv2d(2, 2, 3, "same"));
    ReceptiveField rf = ReceptiveField.of(net, 10);
    for (ReceptiveField.Row row : rf.rows()) {
      assertEquals(10, row.sizeOut(), row.layer());
    }
    assertEquals(6, rf.rows().get(1).rfOut());
    assertArrayEquals(new int[] {1, 1}, new Conv2d(1, 1, 4, "same").extraPadding());
    assertArrayEquals(new int[] {0, 0}, new Conv2d(1, 1, 5, "same").extraPadding());
  }
}
