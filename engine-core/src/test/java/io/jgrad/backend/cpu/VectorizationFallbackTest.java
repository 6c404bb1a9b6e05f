package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up choice of inner loops, in fresh JVMs: without the Vector API module the backend
 * falls back to plain Java and still computes correctly; {@code -Djgrad.simd=off} forces the
 * fallback; with the module (and nothing forced) SIMD is used.
 */
class VectorizationFallbackTest {
  private static List<String> run(String... jvmArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmArgs));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FallbackProbe.class.getName());
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, proc.waitFor(), "the probe JVM failed:\n" + out);
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\\R")) {
      if (!line.startsWith("WARNING")) {
        lines.add(line.trim());
      }
    }
    return lines;
  }

  @Test
  void withoutTheModuleThePlainLoopsRunAndAreCorrect() throws Exception {
    List<String> out = run();
    assertTrue(out.contains("simd=false"), out.toString());
    assertTrue(out.contains("OK"), out.toString());
  }

  @Test
  void simdOffForcesThePlainLoops() throws Exception {
    List<String> out = run("--add-modules", "jdk.incubator.vector", "-Djgrad.simd=off");
    assertTrue(out.contains("simd=false"), out.toString());
    assertTrue(out.contains("OK"), out.toString());
  }

  @Test
  void withTheModuleTheVectorApiLoopsRunAndAreCorrect() throws Exception {
    List<String> out = run("--add-modules", "jdk.incubator.vector");
    assertTrue(out.contains("simd=true"), out.toString());
    assertTrue(out.contains("OK"), out.toString());
  }
}
