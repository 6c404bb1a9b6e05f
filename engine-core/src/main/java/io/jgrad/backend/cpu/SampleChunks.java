package io.jgrad.backend.cpu;

import io.jgrad.backend.params.BatchNormParams;
import java.util.Arrays;

/**
 * How batch norm ({@link NormMath}) splits its work: over chunks of samples, as convolution,
 * pooling and the element-wise kernels do, so each thread reads the activations its own core wrote
 * in the layer before. Split over channels, every thread read half of each channel from the other
 * core's cache, and in the host's slow minutes batch norm ran no faster on two threads than on one
 * (benchmarks/RESULTS.md). Chunks depend on the shape only, and per-chunk sums are added in chunk
 * order, so results do not depend on the thread count.
 */
final class SampleChunks {
  private SampleChunks() {}

  /** Elements of work per chunk below which samples are grouped. */
  static final int MIN_WORK = 1 << 14;

  /** Samples per parallel chunk: one, unless samples are so small that a hand-off costs more. */
  static int samplesPerChunk(BatchNormParams p) {
    long perSample = Math.max(1L, (long) p.channels() * p.spatial());
    return (int) Math.min(p.batch(), Math.max(1, (MIN_WORK + perSample - 1) / perSample));
  }

  /** Sums of one chunk of samples {@code [n0, n1)} for channel c, added into {@code out}. */
  @FunctionalInterface
  interface ChunkSums {
    void add(int c, int n0, int n1, double[] out);
  }

  /**
   * For every channel, {@code width} sums over all samples: each chunk of samples sums into its own
   * slots (after {@code prepare} has run on the chunk's elements, when given), and the slots are
   * added in chunk order. Returns {@code [channels * width]}; channels with {@code which[c]} false
   * are skipped when {@code which} is given.
   */
  static double[] sums(
      BatchNormParams p, int width, boolean[] which, Parallel.RangeBody prepare, ChunkSums body) {
    int per = samplesPerChunk(p);
    int chunks = Parallel.chunkCount(p.batch(), per);
    int slots = p.channels() * width;
    int sample = p.channels() * p.spatial();
    // the calling thread's buffer, zeroed: skipped channels' slots must add nothing
    double[] partial = Scratch.get().doubles(chunks * slots);
    Arrays.fill(partial, 0, chunks * slots, 0);
    Parallel.forChunks(
        p.batch(),
        per,
        (s, e) -> {
          if (prepare != null) {
            prepare.run(s * sample, e * sample);
          }
          double[] one = new double[width];
          int at = s / per * slots;
          for (int c = 0; c < p.channels(); c++) {
            if (which == null || which[c]) {
              Arrays.fill(one, 0);
              body.add(c, s, e, one);
              System.arraycopy(one, 0, partial, at + c * width, width);
            }
          }
        });
    double[] total = new double[slots];
    for (int k = 0; k < chunks; k++) {
      for (int j = 0; j < slots; j++) {
        total[j] += partial[k * slots + j];
      }
    }
    return total;
  }

  /** One plane {@code [from, to)} of channel c. */
  @FunctionalInterface
  interface PlaneBody {
    void run(int c, int from, int to);
  }

  /**
   * Runs {@code body} on every plane, parallel over the same chunks of samples as {@link #sums}.
   */
  static void forPlanes(BatchNormParams p, PlaneBody body) {
    int channels = p.channels();
    int len = p.spatial();
    Parallel.forChunks(
        p.batch(),
        samplesPerChunk(p),
        (s, e) -> {
          for (int n = s; n < e; n++) {
            for (int c = 0; c < channels; c++) {
              int o = (n * channels + c) * len;
              body.run(c, o, o + len);
            }
          }
        });
  }
}
