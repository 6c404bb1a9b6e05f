package io.jgrad.backend.cpu;

import java.lang.reflect.Method;

/**
 * Chooses the {@link VectorOps} implementation once, at start-up (the pattern of Lucene's
 * VectorizationProvider): the Vector API one ({@code PanamaOps}) when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}, its classes load, and the platform's vectors hold at least 8
 * floats; otherwise {@link PlainOps}. {@code -Djgrad.simd=off} forces plain Java. Nothing outside
 * this class names {@code PanamaOps}, so the backend loads and runs correctly without the module.
 */
public final class Vectorization {
  private static final String PANAMA = "io.jgrad.backend.cpu.PanamaOps";
  private static final String MODULE = "jdk.incubator.vector";

  private static final VectorOps PANAMA_OPS = loadPanama();
  private static final VectorOps BEST = choose();

  private Vectorization() {}

  /** The implementation the CPU backend uses by default. */
  static VectorOps best() {
    return BEST;
  }

  /** The Vector API implementation, or null when this JVM cannot run it. */
  static VectorOps panama() {
    return PANAMA_OPS;
  }

  /** The plain-Java implementation. */
  static VectorOps plain() {
    return PlainOps.INSTANCE;
  }

  /** A one-line description of the choice, e.g. {@code "simd (Vector API, 16 floats)"}. */
  public static String describe() {
    return BEST.simd()
        ? "simd (Vector API, " + BEST.lanes() + " floats)"
        : "plain Java"
            + (PANAMA_OPS == null && ModuleLayer.boot().findModule(MODULE).isEmpty()
                ? " (start the JVM with --add-modules " + MODULE + " for SIMD)"
                : "");
  }

  /**
   * The one line a program prints at start-up when the SIMD kernels are off only because the JVM
   * lacks the Vector API module (not when {@code -Djgrad.simd=off} asked for plain Java, nor when
   * the module is there but unusable); empty otherwise.
   */
  public static java.util.Optional<String> missingModuleNotice() {
    boolean forcedOff = System.getProperty("jgrad.simd", "auto").trim().equals("off");
    if (BEST.simd() || forcedOff || ModuleLayer.boot().findModule(MODULE).isPresent()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "jgrad: SIMD kernels are off (this JVM was started without "
            + MODULE
            + "); start it with 'java --add-modules "
            + MODULE
            + " ...', or use the jgrad-mnist launcher, for the fast path");
  }

  private static VectorOps choose() {
    String mode = System.getProperty("jgrad.simd", "auto").trim();
    if (!mode.equals("auto") && !mode.equals("off")) {
      throw new IllegalArgumentException("jgrad.simd must be 'auto' or 'off', got '" + mode + "'");
    }
    return mode.equals("off") || PANAMA_OPS == null ? PlainOps.INSTANCE : PANAMA_OPS;
  }

  private static VectorOps loadPanama() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      Class<?> c = Class.forName(PANAMA);
      Method worthwhile = c.getDeclaredMethod("worthwhile");
      if (!(Boolean) worthwhile.invoke(null)) {
        return null;
      }
      var ctor = c.getDeclaredConstructor();
      VectorOps ops = (VectorOps) ctor.newInstance();
      KernelWarmup.run(ops);
      return ops;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // not compiled in, or the module is unusable here: plain Java it is
    }
  }
}
