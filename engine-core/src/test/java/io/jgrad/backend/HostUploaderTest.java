package io.jgrad.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.TensorUploader;
import io.jgrad.backend.cpu.CpuBackend;
import io.jgrad.backend.reference.RefBackend;
import org.junit.jupiter.api.Test;

/** The default (synchronous) uploader every backend inherits, and the tensor-level wrapper. */
class HostUploaderTest {
  @Test
  void cpuUploadIsOnePlainCopyMadeWhenTaken() {
    CpuBackend cpu = new CpuBackend();
    float[] data = {1, 2, 3};
    try (HostUploader up = cpu.newUploader()) {
      HostUploader.Pending p = up.stage(data);
      data[0] = 7; // staging keeps no copy on the CPU: the take copies what is there now
      Storage s = p.take();
      assertArrayEquals(new float[] {7, 2, 3}, cpu.memory().toFloats(s));
      data[1] = 9; // ...and the taken buffer is a copy, not the caller's array
      assertArrayEquals(new float[] {7, 2, 3}, cpu.memory().toFloats(s));
      assertSame(cpu, s.backend());
      assertThrows(IllegalStateException.class, p::take);
    }
  }

  @Test
  void discardedStagesCannotBeTaken() {
    RefBackend ref = new RefBackend();
    try (HostUploader up = ref.newUploader()) {
      HostUploader.Pending p = up.stage(new float[] {1});
      p.close();
      assertThrows(IllegalStateException.class, p::take);
      assertThrows(IllegalArgumentException.class, () -> up.stage(null));
      Storage s = up.upload(new float[] {0.5f, 2});
      assertArrayEquals(new double[] {0.5, 2}, ref.memory().toDoubles(s));
    }
  }

  @Test
  void tensorUploaderMakesTensorsOfTheShape() {
    try (TensorUploader up = TensorUploader.to(Device.CPU)) {
      TensorUploader.Staged a = up.stage(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
      Tensor b = up.upload(new float[] {8, 9}, Shape.of(2, 1));
      Tensor ta = a.take();
      assertEquals(Shape.of(2, 3), ta.shape());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, ta.toArray());
      assertArrayEquals(new float[] {8, 9}, b.toArray());
      assertEquals(Device.CPU, b.device());
      float[] five = new float[5];
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> up.stage(five, Shape.of(2, 3)));
      assertEquals("TensorUploader.stage: 5 values do not fill shape [2, 3]", e.getMessage());
    }
  }
}
