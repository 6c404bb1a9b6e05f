package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous kernel fault is reported by the next call that synchronizes (here a download),
 * naming that call and the CUDA error; with {@code -Djgrad.cuda.syncLaunches=true} by the launch
 * itself, naming the faulting kernel. Each case runs in a child JVM ({@link AsyncFaultChild}),
 * since a fault leaves the process's CUDA context unusable. Skipped with the probe's reason without
 * a GPU.
 */
class CudaAsyncFaultGpuTest {
  @BeforeEach
  void requireGpu() {
    CudaTestSupport.assumeGpu();
  }

  @Test
  void theNextSynchronizingOpReportsTheFault() throws Exception {
    String out = child(List.of());
    assertTrue(out.contains("LAUNCHED"), out);
    assertTrue(out.contains("REPORTED BY toFloats: "), out);
    assertTrue(out.contains("host download"), "names the call that synchronized: " + out);
    assertTrue(out.contains("cudaErrorIllegalAddress") || out.contains("(700)"), out);
  }

  @Test
  void synchronousLaunchesNameTheFaultingKernel() throws Exception {
    String out = child(List.of("-Djgrad.cuda.syncLaunches=true"));
    assertTrue(out.contains("REPORTED BY LAUNCH: "), out);
    assertTrue(out.contains("a deliberately faulting kernel"), out);
  }

  private static String child(List<String> jvmArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(AsyncFaultChild.class.getName());
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] bytes = proc.getInputStream().readAllBytes();
    if (!proc.waitFor(5, TimeUnit.MINUTES)) {
      proc.destroyForcibly();
      throw new AssertionError("the child JVM did not exit: " + cmd);
    }
    String out = new String(bytes, StandardCharsets.UTF_8);
    assertEquals(0, proc.exitValue(), out);
    return out;
  }
}
