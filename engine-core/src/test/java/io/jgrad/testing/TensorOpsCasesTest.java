package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A backend without the pointwise and index kernel families (as CUDA is today) has the cases of the
 * ops that need them skipped with a reason, and only those; the CPU and reference backends run all
 * of them.
 */
class TensorOpsCasesTest {
  /** A backend that implements no kernel family of its own: every default method is kept. */
  private static Backend bare() {
    InvocationHandler h =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (method.getName().equals("device")) {
            return Device.CUDA;
          }
          throw new UnsupportedOperationException(method.getName());
        };
    return (Backend)
        Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
  }

  @Test
  void casesNeedingMissingFamiliesAreNamed() {
    Backend b = bare();
    for (String op : TensorOpsCases.OPS) {
      String missing = TensorOpsCases.missingKernels(op, b);
      if (op.equals("sqrt")) {
        assertNull(missing);
      } else {
        assertNotNull(missing, op);
        assertTrue(missing.contains(op) && missing.contains("cuda"), missing);
      }
    }
    assertNull(TensorOpsCases.missingKernels("conv2d", b));
  }

  @Test
  void cpuAndReferenceRunEveryCase() {
    for (Device d : new Device[] {Device.CPU, Device.REFERENCE}) {
      for (String op : TensorOpsCases.OPS) {
        assertNull(TensorOpsCases.missingKernels(op, Backends.get(d)), op + " on " + d);
      }
    }
  }
}
