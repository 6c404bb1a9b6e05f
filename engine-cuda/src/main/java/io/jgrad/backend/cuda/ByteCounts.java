package io.jgrad.backend.cuda;

import java.util.Locale;

/** Byte counts as people write them: {@code 6g} in a property, {@code 1.5 MiB} in a message. */
public final class ByteCounts {
  private ByteCounts() {}

  /** {@code bytes} as B, KiB, MiB or GiB with one decimal. */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /**
   * Parses a byte count with an optional binary suffix: {@code 123}, {@code 512k}, {@code 6g}.
   *
   * @throws IllegalArgumentException naming the property for malformed or non-positive values
   */
  public static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long scale = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      int shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : last == 't' ? 40 : 0;
      if (shift > 0) {
        scale = 1L << shift;
        t = t.substring(0, t.length() - 1).trim();
      }
    }
    try {
      long v = Math.multiplyExact(Long.parseLong(t), scale);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "-D"
            + CachingAllocator.MAX_BYTES_PROPERTY
            + " must be a positive byte count such as 4294967296, 4096m"
            + " or 4g, got '"
            + text
            + "'");
  }

  /** The message of a failed allocation: the request and every counter of the pool. */
  static String oomMessage(
      long bytes, long size, long inUse, long cached, long reserved, long limit) {
    return "cuda: out of memory: cannot allocate "
        + human(bytes)
        + " ("
        + bytes
        + " bytes, block of "
        + size
        + "); "
        + human(inUse)
        + " in use by live tensors, "
        + human(cached)
        + " cached, "
        + human(reserved)
        + " reserved of a limit of "
        + human(limit)
        + " (-D"
        + CachingAllocator.MAX_BYTES_PROPERTY
        + "="
        + limit
        + "). Close tensors that are"
        + " no longer needed, lower the batch size, or raise the limit.";
  }
}
