package io.jgrad.benchmarks.kernels;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's measured float32 peak, the yardstick of the kernel table's "% of peak" column
 * ({@link io.jgrad.benchmarks.ResultTable}): fused multiply-adds on the Vector API's preferred
 * species (16 lanes with AVX-512, 8 with AVX2), into {@link #CHAINS} independent accumulators so
 * the FMA units never wait on a result, with no memory traffic at all. {@code oneCore} runs on one
 * thread, {@code allCores} on one per available processor; JMH sums their throughput.
 *
 * <p>The lane count is known only inside the forked JVM (which has the Vector API module), so the
 * FLOPs are reported there, as the secondary result {@code flops} (per second), not through {@link
 * io.jgrad.benchmarks.WorkTable}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {io.jgrad.benchmarks.support.Jvm.VECTOR})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeakBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Independent accumulators: covers 2 FMA units × 4-5 cycles of latency with room to spare. */
  static final int CHAINS = 12;

  /** Multiply-add rounds per call, long enough to hide the call and the final reduction. */
  static final int ROUNDS = 2048;

  /** FLOPs of one call: a fused multiply-add per lane counts as two. */
  static final long FLOPS_PER_CALL = 2L * CHAINS * ROUNDS * S.length();

  private FloatVector a;
  private FloatVector b;
  private final float[] start = new float[CHAINS];

  /** The FLOPs done, reported by JMH as a rate beside the calls per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counter {
    /** FLOPs in this iteration; JMH divides by the iteration's time. */
    public long flops;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clear() {
      flops = 0;
    }
  }

  /**
   * Operands that keep the accumulators finite over any run length (they grow by 1e-6 a round), and
   * a different start per accumulator, read from memory, so the compiler cannot merge the chains.
   */
  @Setup(Level.Trial)
  public void setup() {
    a = FloatVector.broadcast(S, 0.999f);
    b = FloatVector.broadcast(S, 1e-6f);
    for (int k = 0; k < CHAINS; k++) {
      start[k] = k;
    }
  }

  /** Peak of one core. */
  @Benchmark
  @Threads(1)
  public float oneCore(Counter c) {
    c.flops += FLOPS_PER_CALL;
    return chains();
  }

  /** Peak of every core at once. */
  @Benchmark
  @Threads(Threads.MAX)
  public float allCores(Counter c) {
    c.flops += FLOPS_PER_CALL;
    return chains();
  }

  // Twelve named locals rather than an array: C2 keeps locals in vector registers, while an
  // array of vectors would put every multiply-add through memory.
  private float chains() {
    FloatVector c0 = FloatVector.broadcast(S, start[0]);
    FloatVector c1 = FloatVector.broadcast(S, start[1]);
    FloatVector c2 = FloatVector.broadcast(S, start[2]);
    FloatVector c3 = FloatVector.broadcast(S, start[3]);
    FloatVector c4 = FloatVector.broadcast(S, start[4]);
    FloatVector c5 = FloatVector.broadcast(S, start[5]);
    FloatVector c6 = FloatVector.broadcast(S, start[6]);
    FloatVector c7 = FloatVector.broadcast(S, start[7]);
    FloatVector c8 = FloatVector.broadcast(S, start[8]);
    FloatVector c9 = FloatVector.broadcast(S, start[9]);
    FloatVector c10 = FloatVector.broadcast(S, start[10]);
    FloatVector c11 = FloatVector.broadcast(S, start[11]);
    FloatVector x = a;
    FloatVector y = b;
    for (int i = 0; i < ROUNDS; i++) {
      c0 = x.fma(y, c0);
      c1 = x.fma(y, c1);
      c2 = x.fma(y, c2);
      c3 = x.fma(y, c3);
      c4 = x.fma(y, c4);
      c5 = x.fma(y, c5);
      c6 = x.fma(y, c6);
      c7 = x.fma(y, c7);
      c8 = x.fma(y, c8);
      c9 = x.fma(y, c9);
      c10 = x.fma(y, c10);
      c11 = x.fma(y, c11);
    }
    FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5);
    s = s.add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
    return s.reduceLanes(VectorOperators.ADD);
  }
}
