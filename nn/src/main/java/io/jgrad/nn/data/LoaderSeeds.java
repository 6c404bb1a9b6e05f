package io.jgrad.nn.data;

import io.jgrad.Generator;

/**
 * How a {@link DataLoader} derives its random streams from one seed: every epoch's order and every
 * batch's transforms are fixed by (seed, epoch, batch index) alone, whichever worker builds the
 * batch. Seeds go through SplitMix64's bijective finalizer, with distinct constants for the shuffle
 * and the batch streams so the two never coincide.
 */
public final class LoaderSeeds {
  private LoaderSeeds() {}

  /** The seed of the generator that shuffles epoch {@code epoch}. */
  public static long shuffleSeed(long seed, int epoch) {
    return mix(mix(mix(seed) + 0x5BD1E9955BD1E995L) + epoch * 0x9E3779B97F4A7C15L);
  }

  /** The seed of the generator the transforms of batch {@code batch} of {@code epoch} draw from. */
  public static long batchSeed(long seed, int epoch, int batch) {
    long h = mix(mix(seed) + 0x2545F4914F6CDD1DL);
    h = mix(h + epoch * 0x9E3779B97F4A7C15L);
    return mix(h + batch * 0xC2B2AE3D27D4EB4FL);
  }

  /** {@code 0, 1, ..., n-1}. */
  public static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * A uniform permutation of {@code 0 .. n-1} by Fisher-Yates: for {@code i} from {@code n-1} down
   * to 1, position {@code i} swaps with position {@code gen.nextInt(i + 1)}.
   */
  public static int[] permutation(int n, Generator gen) {
    int[] order = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = gen.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
