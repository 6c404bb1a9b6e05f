package io.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's tensor-ops example, kept working, with what its comments claim checked. */
class ReadmeTensorOpsExampleTest {
  @Test
  void tensorOpsExample() {
    Tensor x = Tensors.randn(new Generator(7), 2, 3, 4, 4).requiresGrad(true);
    Tensor nhwc = x.permute(0, 2, 3, 1);
    Tensor top = x.narrow(2, 0, 2);
    Tensor both = Tensors.cat(List.of(top, x.slice(2, 2, 4)), 2);
    ValuesIndices best = x.flatten(1, -1).max(1, false);
    Tensor gated = Tensors.where(x.gt(0), x.gelu(), x.sigmoid().mul(0.1));
    gated.sum().add(best.values().sum()).backward();

    float[] v = x.toArray();
    assertEquals(Shape.of(2, 4, 4, 3), nhwc.shape());
    // nhwc[n, h, w, c] = x[n, c, h, w]
    assertEquals(v[((1 * 3 + 2) * 4 + 3) * 4 + 1], nhwc.toArray()[((1 * 4 + 3) * 4 + 1) * 3 + 2]);
    assertEquals(Shape.of(2, 3, 2, 4), top.shape());
    assertArrayEquals(v, both.toArray());
    assertArrayEquals(x.flatten(1, -1).argmax(1, false).toArray(), best.indices().toArray());
    assertEquals(x.shape(), x.grad().shape());
    // Where x > 0 the gradient is gelu' (plus 1 at each sample's maximum), else 0.1 sigmoid'.
    int at = (int) best.indices().toArray()[0];
    float g = x.grad().toArray()[at];
    double xv = v[at];
    double cdf = 0.5 * (1 + io.jgrad.backend.kernels.PointwiseMath.erf(xv / Math.sqrt(2)));
    double geluGrad = cdf + xv * Math.exp(-xv * xv / 2) / Math.sqrt(2 * Math.PI);
    assertEquals(1 + geluGrad, g, 1e-5);
  }
}
