package io.jgrad.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Which cuDNN convolution algorithm runs, decided without a GPU so it can be tested anywhere.
 *
 * <p>By default ({@code -Djgrad.cuda.convAlgo=deterministic}) each direction walks a fixed list of
 * deterministic, GEMM-based algorithms (as {@code torch.backends.cudnn.deterministic} does) and
 * takes the first one cuDNN supports for the shape within the workspace cap. The FFT and Winograd
 * algorithms, whose float32 error reaches 1e-6..1e-5, and those that accumulate with atomics
 * (run-to-run differences) are never chosen, and the choice does not depend on timing, so two runs
 * of one program pick the same algorithms. {@code -Djgrad.cuda.convAlgo=fastest} (as {@code
 * torch.backends.cudnn.benchmark}) times every algorithm with {@code cudnnFind...Ex} and takes the
 * fastest that succeeded, whatever its accuracy.
 *
 * <p>Algorithm codes are cuDNN's {@code cudnnConvolution{Fwd,BwdData,BwdFilter}Algo_t}.
 */
final class ConvAlgoPolicy {
  /** The switch between the two modes. */
  static final String PROPERTY = "jgrad.cuda.convAlgo";

  /** The three convolution directions. */
  enum Direction {
    FORWARD("forward", new int[] {1, 0, 2}, new int[] {}),
    BACKWARD_DATA("backward-data", new int[] {1}, new int[] {0}),
    BACKWARD_FILTER("backward-filter", new int[] {1}, new int[] {0, 3});

    final String label;
    private final int[] deterministic;
    private final int[] accurateFallback;

    Direction(String label, int[] deterministic, int[] accurateFallback) {
      this.label = label;
      this.deterministic = deterministic;
      this.accurateFallback = accurateFallback;
    }

    /**
     * The algorithms tried in order: the deterministic GEMM-based ones (forward: IMPLICIT_PRECOMP,
     * IMPLICIT, GEMM; backward: ALGO_1), then, only when cuDNN supports none of them for a shape,
     * the accurate but atomics-based ones (backward data ALGO_0; backward filter ALGO_0, ALGO_3).
     */
    int[] preference() {
      int[] all = new int[deterministic.length + accurateFallback.length];
      System.arraycopy(deterministic, 0, all, 0, deterministic.length);
      System.arraycopy(accurateFallback, 0, all, deterministic.length, accurateFallback.length);
      return all;
    }

    /** Whether {@code algo} gives the same bits on every run. */
    boolean isDeterministic(int algo) {
      for (int a : deterministic) {
        if (a == algo) {
          return true;
        }
      }
      return false;
    }
  }

  /** How algorithms are chosen. */
  enum Mode {
    DETERMINISTIC,
    FASTEST
  }

  /**
   * One algorithm as cuDNN reported it.
   *
   * @param algo the algorithm code
   * @param status cuDNN's status for it (0 = usable)
   * @param workspaceBytes the workspace it needs
   */
  record Candidate(int algo, int status, long workspaceBytes) {}

  private ConvAlgoPolicy() {}

  /** The mode {@code -Djgrad.cuda.convAlgo} asks for (deterministic when unset). */
  static Mode mode(String value) {
    if (value == null || value.isBlank()) {
      return Mode.DETERMINISTIC;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "deterministic":
        return Mode.DETERMINISTIC;
      case "fastest":
        return Mode.FASTEST;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be 'deterministic' or 'fastest', got '" + value + "'");
    }
  }

  /**
   * The deterministic choice: the first algorithm of {@link Direction#preference()} that {@code
   * query} reports usable (status 0) with a workspace of at most {@code cap} bytes; if every usable
   * one needs more, the usable one that needs least (its allocation may still succeed).
   *
   * @throws IllegalStateException naming every status when cuDNN supports none
   */
  static Candidate chooseDeterministic(
      Direction d, IntFunction<Candidate> query, long cap, String what) {
    Candidate smallest = null;
    List<Candidate> tried = new ArrayList<>();
    for (int algo : d.preference()) {
      Candidate c = query.apply(algo);
      tried.add(c);
      if (c.status() != 0) {
        continue;
      }
      if (c.workspaceBytes() <= cap) {
        return c;
      }
      if (smallest == null || c.workspaceBytes() < smallest.workspaceBytes()) {
        smallest = c;
      }
    }
    if (smallest != null) {
      return smallest;
    }
    throw new IllegalStateException(
        "conv2d: cuDNN supports none of the " + d.label + " algorithms " + tried + " for " + what);
  }

  /**
   * The fastest choice from {@code cudnnFind...Ex}'s results, which cuDNN sorts by time: the first
   * that succeeded within {@code cap} bytes. {@code count} is what the binding wrote back and is
   * clamped to the array, so a garbage count can never index past it.
   *
   * @return null when none succeeded
   */
  static Candidate chooseFastest(Candidate[] found, int count, long cap) {
    int n = Math.max(0, Math.min(count, found.length));
    for (int i = 0; i < n; i++) {
      Candidate c = found[i];
      if (c != null && c.status() == 0 && c.workspaceBytes() <= cap) {
        return c;
      }
    }
    return null;
  }
}
