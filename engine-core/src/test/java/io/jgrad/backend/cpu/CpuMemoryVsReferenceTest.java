package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.MemoryKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Memory kernels: host transfer precision, fills, copies and their size checks. */
class CpuMemoryVsReferenceTest {

  @Test
  void fromDoublesRoundsToFloatOnCpuAndKeepsDoublesOnReference() {
    double[] data = {0.1, 1.0 / 3.0, -2.5, 1e-40, 3.4e38, Double.NaN};
    double[] onCpu = CPU.memory().toDoubles(CPU.memory().fromDoubles(data));
    double[] onRef = REF.memory().toDoubles(REF.memory().fromDoubles(data));
    for (int i = 0; i < data.length; i++) {
      assertEquals((double) (float) data[i], onCpu[i], 0.0, "cpu element " + i);
      assertEquals(data[i], onRef[i], 0.0, "reference element " + i);
    }
  }

  @Test
  void floatsRoundTripExactlyOnBothBackends() {
    float[] data = KernelPair.uniform(new SplittableRandom(1), 1001, -1e3, 1e3);
    for (Backend b : BOTH) {
      MemoryKernels m = b.memory();
      assertArrayEquals(data, m.toFloats(m.fromFloats(data)), 0f, b.device().toString());
      double[] widened = m.toDoubles(m.fromFloats(data));
      for (int i = 0; i < data.length; i++) {
        assertEquals(data[i], widened[i], 0.0);
      }
    }
  }

  @Test
  void fromFloatsCopiesItsArgument() {
    float[] data = {1f, 2f};
    for (Backend b : BOTH) {
      Storage s = b.memory().fromFloats(data);
      data[0] = 9f;
      assertEquals(1.0, b.memory().toDoubles(s)[0], 0.0, b.device().toString());
      data[0] = 1f;
    }
  }

  @Test
  void zerosAndFull() {
    for (Backend b : BOTH) {
      MemoryKernels m = b.memory();
      assertArrayEquals(new double[5], m.toDoubles(m.zeros(5)), 0.0);
      assertEquals(0, m.zeros(0).size());
      assertArrayEquals(new double[] {2.5, 2.5, 2.5}, m.toDoubles(m.full(3, 2.5)), 0.0);
      double[] filled = m.toDoubles(m.full(4, 0.1));
      double expected = b == CPU ? (float) 0.1 : 0.1;
      for (double v : filled) {
        assertEquals(expected, v, 0.0, b.device().toString());
      }
      assertThrows(IllegalArgumentException.class, () -> m.zeros(-1));
    }
  }

  @Test
  void copyIsIndependentAndCopyIntoOverwrites() {
    for (Backend b : BOTH) {
      MemoryKernels m = b.memory();
      Storage a = m.fromDoubles(new double[] {1, 2, 3});
      Storage c = m.copy(a);
      assertNotSame(a, c);
      m.copyInto(m.fromDoubles(new double[] {7, 8, 9}), a);
      assertArrayEquals(new double[] {7, 8, 9}, m.toDoubles(a), 0.0, "copyInto");
      assertArrayEquals(new double[] {1, 2, 3}, m.toDoubles(c), 0.0, "copy unaffected");
    }
  }

  @Test
  void copyIntoRejectsSizeMismatchNamingBothSizes() {
    for (Backend b : BOTH) {
      MemoryKernels m = b.memory();
      var e =
          assertThrows(IllegalArgumentException.class, () -> m.copyInto(m.zeros(3), m.zeros(4)));
      assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
    }
  }

  @Test
  void kernelsRejectAnotherBackendsStorage() {
    Storage onRef = REF.memory().zeros(2);
    Storage onCpu = CPU.memory().zeros(2);
    var e = assertThrows(IllegalArgumentException.class, () -> CPU.memory().copy(onRef));
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> REF.memory().copy(onCpu));
  }

  @Test
  void cpuMatchesReferenceOnRandomTransfers() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int n : new int[] {0, 1, 17, 4096, 70001}) {
      double[] data = new double[n];
      for (int i = 0; i < n; i++) {
        data[i] = rng.nextGaussian() * 100;
      }
      Storage ref = REF.memory().fromDoubles(data);
      Storage cpu = CPU.memory().fromDoubles(data);
      KernelPair.assertClose("fromDoubles n=" + n, ref, cpu, 0, 1e-7);
      KernelPair.assertClose(
          "copy n=" + n, REF.memory().copy(ref), CPU.memory().copy(cpu), 0, 1e-7);
      assertArrayEquals(REF.memory().toFloats(ref), CPU.memory().toFloats(cpu), 0f);
    }
  }
}
