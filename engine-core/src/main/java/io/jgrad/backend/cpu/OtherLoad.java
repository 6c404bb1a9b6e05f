package io.jgrad.backend.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores other processes kept busy over a stretch of time, from Linux's {@code /proc/stat}
 * (all CPUs' busy time) less {@code /proc/self/stat} (this process's CPU time), both in clock ticks
 * (usually 10 ms). It tells a core taken by another program apart from waits this process causes
 * itself (its JIT compiler, its data loader, its own threads placed on one core).
 */
final class OtherLoad {
  private static final Path MACHINE = Path.of("/proc/stat");
  private static final Path PROCESS = Path.of("/proc/self/stat");
  private static final double TICKS_PER_SECOND = 100;

  /** Whether both figures can be read here. */
  static final boolean AVAILABLE = machineTicks() >= 0 && processTicks() >= 0;

  private long wallStart = System.nanoTime();
  private long otherStart = otherTicks();

  /**
   * Cores other processes used on average from the previous call (or creation) to {@code now}
   * (System.nanoTime), NaN when unknown; starts the next stretch.
   */
  synchronized double sinceLast(long now) {
    long other = otherTicks();
    double cores =
        otherStart < 0 || other < 0 || now <= wallStart
            ? Double.NaN
            : (other - otherStart) / TICKS_PER_SECOND / ((now - wallStart) / 1e9);
    wallStart = now;
    otherStart = other;
    return cores;
  }

  private static long otherTicks() {
    long machine = machineTicks();
    long process = processTicks();
    return machine < 0 || process < 0 ? -1 : machine - process;
  }

  /** user + nice + system + irq + softirq of the first line ("cpu ..."), or -1. */
  private static long machineTicks() {
    try {
      String first = Files.readAllLines(MACHINE, StandardCharsets.US_ASCII).get(0);
      String[] f = first.trim().split("\\s+");
      return Long.parseLong(f[1])
          + Long.parseLong(f[2])
          + Long.parseLong(f[3])
          + Long.parseLong(f[6])
          + Long.parseLong(f[7]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of this process (fields 14 and 15, after the parenthesised name), or -1. */
  private static long processTicks() {
    try {
      String s = Files.readString(PROCESS, StandardCharsets.US_ASCII);
      String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
