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

  /** A fixed heap ceiling, so runs on different machines use the same collector sizing. */
  public static final String HEAP = "-Xmx2g";

  private Jvm() {}
}
