package io.jgrad.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How host transfers larger than the pinned buffer are split into chunks. */
class HostStagingChunksTest {
  @Test
  void smallTransfersAreOneChunkAndEmptyOnesNone() {
    assertArrayEquals(new long[] {}, HostStaging.chunkLengths(0, 1024));
    assertArrayEquals(new long[] {4}, HostStaging.chunkLengths(4, 1024));
    assertArrayEquals(new long[] {1024}, HostStaging.chunkLengths(1024, 1024));
    assertArrayEquals(new long[] {1024, 4}, HostStaging.chunkLengths(1028, 1024));
  }

  @Test
  void chunksCoverTheTransferInWholeFloats() {
    long cap = HostStaging.MAX_BYTES;
    assertEquals(0, cap % 4);
    for (long floats : new long[] {1, cap / 4 - 1, cap / 4, cap / 4 + 1, 5 * cap / 4 + 3}) {
      long bytes = 4 * floats;
      long[] chunks = HostStaging.chunkLengths(bytes, cap);
      long sum = 0;
      for (int i = 0; i < chunks.length; i++) {
        assertTrue(chunks[i] > 0 && chunks[i] <= cap, "chunk " + i + " of " + bytes);
        assertEquals(0, chunks[i] % 4, "chunk " + i + " of " + bytes + " is whole floats");
        if (i < chunks.length - 1) {
          assertEquals(cap, chunks[i], "only the last chunk is partial");
        }
        sum += chunks[i];
      }
      assertEquals(bytes, sum);
      assertEquals((bytes + cap - 1) / cap, chunks.length);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostStaging.chunkLengths(8, 6));
    assertTrue(e.getMessage().contains("chunks of 6"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HostStaging.chunkLengths(-4, 8));
  }
}
