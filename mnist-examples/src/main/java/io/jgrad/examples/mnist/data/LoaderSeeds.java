package io.jgrad.examples.mnist.data;

import io.jgrad.Generator;

/**
 * How the {@link DataLoader} derives its random streams from one seed, so that every epoch's order
 * and every batch's augmentations are fixed by (seed, epoch, batch index) alone. Seeds are built
 * with SplitMix64's bijective finalizer; the shuffle and batch streams use different constants so
 * they never coincide.
 */
public final class LoaderSeeds {
  private LoaderSeeds() {}

  /** The seed of epoch {@code epoch}'s shuffle generator. */
  public static long shuffleSeed(long seed, int epoch) {
    return mix(mix(mix(seed) + 0x5BD1E9955BD1E995L) + epoch * 0x9E3779B97F4A7C15L);
  }

  /** The seed of the generator the augmentations of batch {@code batch} in {@code epoch} use. */
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
   * A uniformly random permutation of {@code 0 .. n-1} by Fisher-Yates: for {@code i} from {@code
   * n-1} down to 1, swap position {@code i} with {@code nextInt(i + 1)} of a generator seeded with
   * {@code generatorSeed}.
   */
  public static int[] permutation(int n, long generatorSeed) {
    int[] order = identity(n);
    Generator g = new Generator(generatorSeed);
    for (int i = n - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** SplitMix64's finalizer: a bijective 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
