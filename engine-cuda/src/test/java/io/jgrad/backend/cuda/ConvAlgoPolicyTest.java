package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.ConvAlgoPolicy.Candidate;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Direction;
import io.jgrad.backend.cuda.ConvAlgoPolicy.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgo;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgo;
import jcuda.jcudnn.cudnnConvolutionFwdAlgo;
import org.junit.jupiter.api.Test;

/** The convolution algorithm choice, with cuDNN's answers faked. */
class ConvAlgoPolicyTest {
  private static final int NOT_SUPPORTED = 3000;

  /** cuDNN's answers: algorithm to workspace bytes; missing algorithms are not supported. */
  private static IntFunction<Candidate> cudnn(Map<Integer, Long> supported, List<Integer> asked) {
    return algo -> {
      asked.add(algo);
      Long ws = supported.get(algo);
      return ws == null ? new Candidate(algo, NOT_SUPPORTED, 0) : new Candidate(algo, 0, ws);
    };
  }

  @Test
  void deterministicModeIsTheDefaultAndFastestIsAnOptIn() {
    assertEquals(Mode.DETERMINISTIC, ConvAlgoPolicy.mode(null));
    assertEquals(Mode.DETERMINISTIC, ConvAlgoPolicy.mode(" "));
    assertEquals(Mode.FASTEST, ConvAlgoPolicy.mode("Fastest"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConvAlgoPolicy.mode("fft"));
    assertTrue(e.getMessage().contains("jgrad.cuda.convAlgo"), e.getMessage());
  }

  @Test
  void theListsHoldNoFftNoWinogradAndMatchCudnnsCodes() {
    for (int a : Direction.FORWARD.preference()) {
      assertFalse(
          a == cudnnConvolutionFwdAlgo.CUDNN_CONVOLUTION_FWD_ALGO_FFT
              || a == cudnnConvolutionFwdAlgo.CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING
              || a == cudnnConvolutionFwdAlgo.CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD
              || a == cudnnConvolutionFwdAlgo.CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED,
          "forward " + a);
    }
    assertEquals(
        cudnnConvolutionFwdAlgo.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM,
        Direction.FORWARD.preference()[0]);
    for (int a : Direction.BACKWARD_DATA.preference()) {
      assertTrue(
          a == cudnnConvolutionBwdDataAlgo.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0
              || a == cudnnConvolutionBwdDataAlgo.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1,
          "backward data " + a);
    }
    assertTrue(
        Direction.BACKWARD_DATA.isDeterministic(
            cudnnConvolutionBwdDataAlgo.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1));
    assertFalse(
        Direction.BACKWARD_DATA.isDeterministic(
            cudnnConvolutionBwdDataAlgo.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0));
    for (int a : Direction.BACKWARD_FILTER.preference()) {
      assertTrue(
          a == cudnnConvolutionBwdFilterAlgo.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0
              || a == cudnnConvolutionBwdFilterAlgo.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1
              || a == cudnnConvolutionBwdFilterAlgo.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3,
          "backward filter " + a);
    }
    assertEquals(
        cudnnConvolutionBwdFilterAlgo.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1,
        Direction.BACKWARD_FILTER.preference()[0]);
  }

  @Test
  void deterministicChoiceTakesTheFirstSupportedAlgorithmThatFits() {
    List<Integer> asked = new ArrayList<>();
    // Precomputed GEMM not supported for this shape: implicit GEMM (no workspace) wins.
    Candidate c =
        ConvAlgoPolicy.chooseDeterministic(
            Direction.FORWARD, cudnn(Map.of(0, 0L, 2, 4096L), asked), 1 << 20, "shape");
    assertEquals(0, c.algo());
    assertEquals(List.of(1, 0), asked);
    // Too big for the cap: the next one that fits.
    c =
        ConvAlgoPolicy.chooseDeterministic(
            Direction.FORWARD,
            cudnn(Map.of(1, 8L << 20, 2, 1024L), new ArrayList<>()),
            1 << 20,
            "s");
    assertEquals(2, c.algo());
    // Nothing fits: the smallest usable one.
    c =
        ConvAlgoPolicy.chooseDeterministic(
            Direction.FORWARD, cudnn(Map.of(1, 8L << 20, 2, 3L << 20), new ArrayList<>()), 1, "s");
    assertEquals(2, c.algo());
    // Backward filter falls back to the atomics-based algorithms only when ALGO_1 is missing.
    c =
        ConvAlgoPolicy.chooseDeterministic(
            Direction.BACKWARD_FILTER, cudnn(Map.of(1, 0L, 0, 0L), new ArrayList<>()), 0, "s");
    assertEquals(1, c.algo());
    c =
        ConvAlgoPolicy.chooseDeterministic(
            Direction.BACKWARD_FILTER, cudnn(Map.of(3, 0L), new ArrayList<>()), 0, "s");
    assertEquals(3, c.algo());
  }

  @Test
  void theDeterministicChoiceIgnoresTiming() {
    // The same support answers give the same algorithm whatever order Find would have sorted.
    Map<Integer, Long> support = Map.of(0, 0L, 1, 2048L, 2, 0L, 4, 0L, 5, 0L, 7, 0L);
    int first =
        ConvAlgoPolicy.chooseDeterministic(
                Direction.FORWARD, cudnn(support, new ArrayList<>()), 1 << 20, "s")
            .algo();
    for (int run = 0; run < 5; run++) {
      assertEquals(
          first,
          ConvAlgoPolicy.chooseDeterministic(
                  Direction.FORWARD, cudnn(support, new ArrayList<>()), 1 << 20, "s")
              .algo());
    }
    assertEquals(1, first);
  }

  @Test
  void noSupportedAlgorithmNamesEveryStatusAndTheShape() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ConvAlgoPolicy.chooseDeterministic(
                    Direction.BACKWARD_DATA, cudnn(Map.of(), new ArrayList<>()), 0, "[2,3,8,8]"));
    assertTrue(e.getMessage().contains("backward-data"), e.getMessage());
    assertTrue(e.getMessage().contains("status=3000"), e.getMessage());
    assertTrue(e.getMessage().contains("[2,3,8,8]"), e.getMessage());
  }

  @Test
  void fastestTakesTheFirstSuccessAndNeverReadsPastTheArray() {
    Candidate[] found = {
      new Candidate(4, 0, 1L << 30), // FFT, too big for the cap
      new Candidate(6, NOT_SUPPORTED, 0),
      new Candidate(7, 0, 100), // Winograd non-fused: allowed in fastest mode
      new Candidate(1, 0, 0)
    };
    assertEquals(7, ConvAlgoPolicy.chooseFastest(found, 4, 1 << 20).algo());
    // A garbage count (the binding's uninitialized value) is clamped to the array.
    assertEquals(7, ConvAlgoPolicy.chooseFastest(found, Integer.MAX_VALUE, 1 << 20).algo());
    assertNull(ConvAlgoPolicy.chooseFastest(found, -5, 1 << 20));
    assertNull(ConvAlgoPolicy.chooseFastest(found, 2, 1 << 20));
  }
}
