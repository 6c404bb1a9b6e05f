package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.cudnn.CudnnConst;
import io.jgrad.backend.cuda.cudnn.CudnnShapes;
import io.jgrad.backend.cuda.cudnn.CudnnStatus;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.CudaException;
import io.jgrad.backend.cuda.runtime.Nvrtc;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The GPU-free arithmetic behind the cuDNN descriptors, status names and NVRTC targets. */
class CudnnDescriptorTest {
  @Test
  void nchwStridesAddressRowMajorElements() {
    assertArrayEquals(new int[] {60, 20, 5, 1}, CudnnShapes.nchwStrides(2, 3, 4, 5));
    int[] s = CudnnShapes.nchwStrides(3, 2, 4, 3);
    int expected = 0;
    for (int n = 0; n < 3; n++) {
      for (int c = 0; c < 2; c++) {
        for (int h = 0; h < 4; h++) {
          for (int w = 0; w < 3; w++) {
            assertEquals(expected++, n * s[0] + c * s[1] + h * s[2] + w * s[3]);
          }
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> CudnnShapes.nchwStrides(0, 1, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> CudnnShapes.nchwStrides(1 << 16, 1 << 16, 1, 1));
  }

  /** PyTorch's output size, computed independently of Conv2dParams: count window positions. */
  private static int windows(int in, int k, int s, int p, int d) {
    int span = d * (k - 1) + 1;
    int count = 0;
    for (int start = -p; start + span <= in + p; start += s) {
      count++;
    }
    return count;
  }

  @Test
  void convOutputDimsMatchWindowCounting() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int t = 0; t < 200; t++) {
      int groups = 1 + rng.nextInt(3);
      int cin = groups * (1 + rng.nextInt(3));
      int cout = groups * (1 + rng.nextInt(3));
      int k = 1 + rng.nextInt(5);
      int s = 1 + rng.nextInt(3);
      int p = rng.nextInt(3);
      int d = 1 + rng.nextInt(2);
      int in = d * (k - 1) + 1 + rng.nextInt(10);
      Conv2dParams params =
          new Conv2dParams(2, cin, in, in + 1, cout, k, k, s, s, p, p, d, d, groups);
      int[] dims = CudnnShapes.convOutputDims(params);
      assertArrayEquals(
          new int[] {2, cout, windows(in, k, s, p, d), windows(in + 1, k, s, p, d)},
          dims,
          params.toString());
      assertArrayEquals(new int[] {cout, cin / groups, k, k}, CudnnShapes.filterDims(params));
    }
  }

  @Test
  void convRejectsBadParametersWithClearMessages() {
    IllegalArgumentException g =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CudnnShapes.convOutputDims(
                    new Conv2dParams(1, 3, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 2)));
    assertTrue(g.getMessage().contains("groups"), g.getMessage());
    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CudnnShapes.convOutputDims(
                    new Conv2dParams(1, 1, 2, 2, 1, 5, 5, 1, 1, 0, 0, 1, 1, 1)));
    assertTrue(k.getMessage().contains("does not fit"), k.getMessage());
  }

  @Test
  void poolingModesAndDims() {
    assertEquals(CudnnConst.POOLING_MAX_DETERMINISTIC, CudnnShapes.poolingMode(true, false));
    assertEquals(CudnnConst.POOLING_MAX_DETERMINISTIC, CudnnShapes.poolingMode(true, true));
    assertEquals(3, CudnnShapes.poolingMode(true, true));
    assertEquals(1, CudnnShapes.poolingMode(false, true));
    assertEquals(2, CudnnShapes.poolingMode(false, false));
    Pool2dParams p = new Pool2dParams(2, 3, 7, 6, 3, 2, 2, 2, 1, 1, true);
    assertArrayEquals(
        new int[] {2, 3, windows(7, 3, 2, 1, 1), windows(6, 2, 2, 1, 1)},
        CudnnShapes.poolOutputDims(p));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CudnnShapes.poolOutputDims(new Pool2dParams(1, 1, 4, 4, 2, 2, 2, 2, 2, 0, true)));
    assertTrue(e.getMessage().contains("padding"), e.getMessage());
  }

  @Test
  void softmaxAndFlatViews() {
    assertArrayEquals(new int[] {4, 10, 3, 1}, CudnnShapes.softmaxDims(4, 10, 3));
    assertEquals(CudnnConst.SOFTMAX_LOG, CudnnShapes.softmaxAlgorithm(true));
    assertEquals(CudnnConst.SOFTMAX_ACCURATE, CudnnShapes.softmaxAlgorithm(false));
    assertArrayEquals(new int[] {1, 1, 1, 17}, CudnnShapes.flatDims(17));
    assertArrayEquals(new int[] {8, 3, 20, 1}, CudnnShapes.batchNormDims(8, 3, 20));
    assertArrayEquals(new int[] {1, 6, 1, 1}, CudnnShapes.perChannelDims(6));
  }

  @Test
  void cudnn9StatusCodesAreTranslated() {
    assertEquals("CUDNN_STATUS_SUCCESS", CudnnStatus.name(0));
    assertEquals("CUDNN_STATUS_NOT_INITIALIZED", CudnnStatus.name(1001));
    assertEquals("CUDNN_STATUS_BAD_PARAM", CudnnStatus.name(2000));
    assertEquals("CUDNN_STATUS_BAD_PARAM_NULL_POINTER", CudnnStatus.name(2002));
    assertEquals("CUDNN_STATUS_NOT_SUPPORTED", CudnnStatus.name(3000));
    assertEquals("CUDNN_STATUS_INTERNAL_ERROR", CudnnStatus.name(4000));
    assertEquals("CUDNN_STATUS_EXECUTION_FAILED", CudnnStatus.name(5000));
    assertEquals("CUDNN_STATUS_BAD_PARAM_2999", CudnnStatus.name(2999));
    // cuDNN 8's BAD_PARAM was 3: under cuDNN 9 numbering it means nothing.
    assertEquals("CUDNN_STATUS_UNKNOWN_3", CudnnStatus.name(3));
    String msg = CudaErrors.cudnnMessage(3000, "conv2d forward for [1, 3, 8, 8]");
    assertTrue(msg.contains("conv2d forward for [1, 3, 8, 8]"), msg);
    assertTrue(msg.contains("CUDNN_STATUS_NOT_SUPPORTED (3000)"), msg);
    assertTrue(msg.contains("does not support"), msg);
    CudaException e =
        assertThrows(CudaException.class, () -> CudaErrors.cudnn(2000, "softmax forward"));
    assertTrue(e.getMessage().contains("CUDNN_STATUS_BAD_PARAM (2000)"), e.getMessage());
  }

  @Test
  void workspaceGrowthAndSearchBudget() {
    for (long current : new long[] {0, 1 << 20, 3 << 20, 100L << 20}) {
      for (long needed : new long[] {1, 1 << 20, (5 << 20) + 1, 64L << 20}) {
        long next = Workspace.nextCapacity(current, needed);
        assertTrue(next >= needed, "must cover the need");
        assertTrue(next >= current + current / 2, "must grow geometrically");
        assertEquals(0, next % Workspace.STEP, "whole steps");
        assertTrue(next < Math.max(needed, current + current / 2) + Workspace.STEP);
      }
    }
    assertEquals(100, ConvAlgorithms.budget(100, 1000));
    assertEquals(50, ConvAlgorithms.budget(512, 100));
    assertEquals(0, ConvAlgorithms.budget(512, -10));
  }

  @Test
  void nvrtcTargetPrefersExactCubinElsePtxBelow() {
    int[] archs = {50, 60, 70, 75, 80, 86, 89, 90};
    assertEquals("sm_86", Nvrtc.chooseTarget(archs, 8, 6));
    assertEquals("compute_90", Nvrtc.chooseTarget(archs, 12, 0));
    assertEquals("compute_80", Nvrtc.chooseTarget(archs, 8, 2));
    CudaException e = assertThrows(CudaException.class, () -> Nvrtc.chooseTarget(archs, 3, 5));
    assertTrue(e.getMessage().contains("sm_35"), e.getMessage());
  }
}
