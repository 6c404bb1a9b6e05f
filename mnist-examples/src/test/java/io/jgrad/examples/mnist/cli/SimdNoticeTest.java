package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The program says, in one line on stderr, when the JVM lacks the Vector API module. */
class SimdNoticeTest {
  private static final String NOTICE = "jgrad: SIMD kernels are off";

  private record Run(int code, String out, String err) {}

  private static Run models(String... jvmFlags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.add("models");
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheModuleOneLineSaysHowToTurnSimdOn() throws Exception {
    Run r = models();
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.contains(NOTICE)).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).contains("--add-modules jdk.incubator.vector"), lines.get(0));
    assertFalse(r.out().contains(NOTICE), "the notice goes to stderr only");
  }

  @Test
  void withTheModuleOrWithSimdOffOnPurposeNothingIsSaid() throws Exception {
    Run with = models("--add-modules", "jdk.incubator.vector");
    assertEquals(0, with.code(), with.err());
    assertFalse(with.err().contains(NOTICE), with.err());
    Run off = models("-Djgrad.simd=off");
    assertEquals(0, off.code(), off.err());
    assertFalse(off.err().contains(NOTICE), off.err());
  }
}
