package io.jgrad.benchmarks.kernels;

import io.jgrad.benchmarks.support.Jvm;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which plain-Java loop shapes C2's auto-vectorizer (SuperWord) turns into SIMD code, on the sizes
 * of net7840's second convolution as the plain path's GEMM sees them (10 output channels, 88 taps,
 * 1,024 columns): the CPU backend's row-GEMM sweep (four B rows into one C row, multiply and add),
 * the same sweep as a chain of fused multiply-adds, the same with two C rows per sweep (register
 * blocking), and a float sum with the same index on both arrays against one with an offset on the
 * source. Run with {@code -jvmArgsAppend -XX:-UseSuperWord} to see each shape without the
 * auto-vectorizer. Each op is {@code 2 * 10 * 88 * 1024} FLOPs for the GEMM shapes and 1,024 * 16
 * adds for the sums.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoopShapeBench {
  private static final int M = 10;
  private static final int K = 88;
  private static final int N = 1024;
  private static final int SUM_ROWS = 16;

  private float[][] c;
  private float[][] b;
  private float[] a;
  private float[] x;

  /** Random operands. */
  @Setup
  public void setUp() {
    Random rnd = new Random(1);
    c = new float[M][N];
    b = new float[K][N];
    for (float[] row : b) {
      for (int j = 0; j < N; j++) {
        row[j] = rnd.nextFloat() - 0.5f;
      }
    }
    a = new float[M * K];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextFloat() - 0.5f;
    }
    x = new float[SUM_ROWS * N + 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat();
    }
  }

  /** {@code c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j]}: the row GEMM's sweep. */
  @Benchmark
  public float[][] gemmMultiplyAdd() {
    for (float[] row : c) {
      Arrays.fill(row, 0f);
    }
    for (int p = 0; p < K; p += 4) {
      for (int i = 0; i < M; i++) {
        int at = i * K + p;
        float a0 = a[at];
        float a1 = a[at + 1];
        float a2 = a[at + 2];
        float a3 = a[at + 3];
        float[] ci = c[i];
        float[] b0 = b[p];
        float[] b1 = b[p + 1];
        float[] b2 = b[p + 2];
        float[] b3 = b[p + 3];
        for (int j = 0; j < N; j++) {
          ci[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
      }
    }
    return c;
  }

  /** The same sweep as four chained {@code Math.fma}s per element (the SIMD path's arithmetic). */
  @Benchmark
  public float[][] gemmFusedChain() {
    for (float[] row : c) {
      Arrays.fill(row, 0f);
    }
    for (int p = 0; p < K; p += 4) {
      for (int i = 0; i < M; i++) {
        int at = i * K + p;
        float a0 = a[at];
        float a1 = a[at + 1];
        float a2 = a[at + 2];
        float a3 = a[at + 3];
        float[] ci = c[i];
        float[] b0 = b[p];
        float[] b1 = b[p + 1];
        float[] b2 = b[p + 2];
        float[] b3 = b[p + 3];
        for (int j = 0; j < N; j++) {
          float s = Math.fma(a0, b0[j], ci[j]);
          s = Math.fma(a1, b1[j], s);
          s = Math.fma(a2, b2[j], s);
          ci[j] = Math.fma(a3, b3[j], s);
        }
      }
    }
    return c;
  }

  /** Two C rows per sweep (each B load feeds two chains): register blocking in plain Java. */
  @Benchmark
  public float[][] gemmFusedTwoRows() {
    for (float[] row : c) {
      Arrays.fill(row, 0f);
    }
    for (int p = 0; p < K; p += 4) {
      for (int i = 0; i < M; i += 2) {
        int at = i * K + p;
        int bt = at + K;
        float a0 = a[at];
        float a1 = a[at + 1];
        float a2 = a[at + 2];
        float a3 = a[at + 3];
        float e0 = a[bt];
        float e1 = a[bt + 1];
        float e2 = a[bt + 2];
        float e3 = a[bt + 3];
        float[] ci = c[i];
        float[] di = c[i + 1];
        float[] b0 = b[p];
        float[] b1 = b[p + 1];
        float[] b2 = b[p + 2];
        float[] b3 = b[p + 3];
        for (int j = 0; j < N; j++) {
          float x0 = b0[j];
          float x1 = b1[j];
          float x2 = b2[j];
          float x3 = b3[j];
          float s = Math.fma(a0, x0, ci[j]);
          s = Math.fma(a1, x1, s);
          s = Math.fma(a2, x2, s);
          ci[j] = Math.fma(a3, x3, s);
          float t = Math.fma(e0, x0, di[j]);
          t = Math.fma(e1, x1, t);
          t = Math.fma(e2, x2, t);
          di[j] = Math.fma(e3, x3, t);
        }
      }
    }
    return c;
  }

  /** {@code acc[j] += row[j]} over 16 rows copied into one array first: the same index. */
  @Benchmark
  public float[] sumSameIndex() {
    float[] acc = c[0];
    float[] row = c[1];
    Arrays.fill(acc, 0f);
    for (int r = 0; r < SUM_ROWS; r++) {
      System.arraycopy(x, r * N + 3, row, 0, N);
      for (int j = 0; j < N; j++) {
        acc[j] += row[j];
      }
    }
    return acc;
  }

  /** {@code acc[j] += x[off + j]} over the same 16 rows in place: an offset on the source. */
  @Benchmark
  public float[] sumOffsetIndex() {
    float[] acc = c[0];
    Arrays.fill(acc, 0f);
    for (int r = 0; r < SUM_ROWS; r++) {
      int off = r * N + 3;
      for (int j = 0; j < N; j++) {
        acc[j] += x[off + j];
      }
    }
    return acc;
  }
}
