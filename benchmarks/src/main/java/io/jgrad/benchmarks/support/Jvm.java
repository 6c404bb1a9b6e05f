package io.jgrad.benchmarks.support;

/**
 * JVM options every forked benchmark JVM gets (JMH {@code @Fork(jvmArgsAppend = ...)}). The
 * incubating Vector API module is added so a SIMD kernel provider can pick it up; the library runs
 * without it too. Override on the command line with {@code -jvmArgsAppend "..."} (for example
 * {@code -jvmArgsAppend -Xmx2g} to measure the plain-Java fallback).
 */
public final class Jvm {
  /** Makes {@code jdk.incubator.vector} resolvable. */
  public static final String VECTOR = "--add-modules=jdk.incubator.vector";

  /**
   * Keeps the JIT on full profiling while its optimizing compiler's queue is long. With 2 cores the
   * JVM runs one C2 thread; by default, once 5 methods wait for it, newly hot methods get a C1
   * version without type profiles, and C2 then compiles some SIMD kernels without knowing their
   * vector classes: each Vector API call stays virtual and the kernel runs about 4 times slower for
   * the rest of the run (in 2 of 6 JVMs training net7840 with dropout, see RESULTS.md).
   */
  public static final String JIT = "-XX:Tier3DelayOn=100000";

  /** A fixed heap ceiling, so runs on different machines use the same collector sizing. */
  public static final String HEAP = "-Xmx2g";

  private Jvm() {}
}
