package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels;
import io.jgrad.backend.kernels.PointwiseMath;

/** Parameterised element-wise maps in double: one plain loop over {@link PointwiseMath} each. */
final class RefPointwise implements PointwiseKernels {
  private final RefBackend backend;

  RefPointwise(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage forward(Fn fn, Storage x, double p, double q) {
    double[] a = RefStorage.data(x);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = PointwiseMath.forward(fn, a[i], p, q);
    }
    return backend.wrap(out);
  }

  @Override
  public Storage backward(Fn fn, Storage saved, Storage g, double p, double q) {
    double[] s = RefStorage.data(saved);
    double[] gg = RefStorage.data(g);
    sameSize(fn.name().toLowerCase() + " backward", s.length, gg.length);
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = PointwiseMath.backward(fn, s[i], gg[i], p, q);
    }
    return backend.wrap(out);
  }

  @Override
  public Storage compare(Compare op, Storage a, Storage b) {
    double[] x = RefStorage.data(a);
    double[] y = RefStorage.data(b);
    sameSize(op.name().toLowerCase(), x.length, y.length);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = PointwiseMath.compare(op, x[i], y[i]);
    }
    return backend.wrap(out);
  }

  @Override
  public Storage where(Storage cond, Storage a, Storage b) {
    double[] c = RefStorage.data(cond);
    double[] x = RefStorage.data(a);
    double[] y = RefStorage.data(b);
    sameSize("where", c.length, x.length);
    sameSize("where", c.length, y.length);
    double[] out = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      out[i] = c[i] != 0 ? x[i] : y[i];
    }
    return backend.wrap(out);
  }

  static void sameSize(String op, int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "pointwise " + op + ": sizes differ, " + a + " vs " + b + " elements");
    }
  }
}
