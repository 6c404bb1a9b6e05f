package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.HostUploader;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pinned, double-buffered uploader on a real device: staged batches arrive intact even when
 * several are in flight, the host array can be reused right after staging, discarded stages free
 * their memory safely. Skipped with the probe's reason without a GPU.
 */
class CudaUploaderTest extends GpuKernelTestBase {
  @Test
  void stagedBatchesArriveIntactWhileOthersAreInFlight() {
    SplittableRandom rng = new SplittableRandom(3);
    try (HostUploader up = cuda().newUploader()) {
      float[] host = uniform(rng, 64 * 784, -1, 1);
      float[] expectedPrevious = host.clone();
      HostUploader.Pending previous = up.stage(host);
      for (int k = 0; k < 20; k++) {
        int size = k == 7 ? 200_000 : 64 * 784 - k; // one batch larger than the buffers so far
        float[] next = uniform(rng, size, -1, 1);
        float[] expectedNext = next.clone();
        HostUploader.Pending staged = up.stage(next);
        Arrays.fill(next, 99f); // the pinned copy was made: the array is free again
        Storage s = previous.take();
        // Some device work on the taken buffer, queued behind the copy.
        Storage doubled = dev.elementwise().binaryScalar(BinaryOp.MUL, s, 2);
        float[] twice = expectedPrevious.clone();
        for (int i = 0; i < twice.length; i++) {
          twice[i] *= 2;
        }
        assertArrayEquals(twice, values(doubled), "batch " + k);
        s.close();
        doubled.close();
        previous = staged;
        expectedPrevious = expectedNext;
      }
      assertArrayEquals(expectedPrevious, values(previous.take()));
    }
  }

  @Test
  void discardedAndEmptyStages() {
    try (HostUploader up = cuda().newUploader()) {
      up.stage(new float[] {1, 2, 3}).close();
      assertArrayEquals(new float[0], values(up.upload(new float[0])));
      HostUploader.Pending p = up.stage(new float[] {4});
      assertArrayEquals(new float[] {4}, values(p.take()));
      assertThrows(IllegalStateException.class, p::take);
    }
  }
}
