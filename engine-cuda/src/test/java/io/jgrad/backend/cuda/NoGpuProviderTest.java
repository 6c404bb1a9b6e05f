package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jgrad.Device;
import io.jgrad.backend.BackendProvider;
import io.jgrad.backend.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Provider registration and the "no GPU" path, on every machine: discovery, the unavailable reason,
 * the error of asking for CUDA anyway, the forced-CPU switch, and a probe in a child JVM that must
 * exit normally (a crash in native detection would kill it).
 */
class NoGpuProviderTest {
  static {
    CudaTestSupport.ensureTempDir();
  }

  private static BackendProvider cudaProvider() {
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.name().equals("cuda")) {
        return p;
      }
    }
    return null;
  }

  @Test
  void providerIsFoundByServiceLoader() {
    BackendProvider p = cudaProvider();
    assertNotNull(p, "META-INF/services must register the cuda provider");
    assertTrue(p instanceof CudaBackendProvider, "found " + p);
    assertEquals(100, p.priority());
    assertTrue(
        Backends.providers().stream().anyMatch(q -> q.name().equals("cuda")),
        "Backends must list the cuda provider");
  }

  @Test
  void unavailableWithReasonAndGetThrows() {
    BackendProvider p = cudaProvider();
    assertNotNull(p);
    assumeFalse(p.isAvailable(), "a usable GPU is present; the no-GPU path cannot be tested here");
    String reason = p.unavailableReason();
    assertFalse(reason.isBlank(), "an unavailable provider must say why");
    assertFalse(Backends.isAvailable(Device.CUDA));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Backends.get(Device.CUDA));
    assertTrue(
        e.getMessage().contains(reason), "the error must carry the reason; got: " + e.getMessage());
    IllegalStateException direct = assertThrows(IllegalStateException.class, p::create);
    assertTrue(direct.getMessage().contains(reason), direct.getMessage());
  }

  @Test
  void forcedCpuSwitchRecognizesPropertyAndEnvironment() {
    assertEquals("-Djgrad.cuda.disable=true", CudaProbe.disabledBy("true", null));
    assertEquals("JGRAD_DISABLE_CUDA=1", CudaProbe.disabledBy(null, "1"));
    assertEquals("JGRAD_DISABLE_CUDA=TRUE", CudaProbe.disabledBy("false", "TRUE"));
    assertNull(CudaProbe.disabledBy("false", "0"));
    assertNull(CudaProbe.disabledBy(null, null));
  }

  @Test
  void platformAndDriverChecks() {
    assertNull(CudaProbe.platformProblem("Linux", "amd64"));
    assertNull(CudaProbe.platformProblem("Windows 11", "x86_64"));
    String mac = CudaProbe.platformProblem("Mac OS X", "aarch64");
    assertNotNull(mac);
    assertTrue(mac.contains("Mac OS X/aarch64"), mac);
    assertNotNull(CudaProbe.platformProblem("Linux", "aarch64"));
    assertTrue(CudaProbe.driverProblem(0, false).contains("libcuda.so.1"));
    assertTrue(CudaProbe.driverProblem(0, true).contains("nvcuda.dll"));
    assertTrue(CudaProbe.driverProblem(11080, false).contains("CUDA 11.8"));
    assertNull(CudaProbe.driverProblem(12000, false));
    assertNull(CudaProbe.driverProblem(12060, false));
  }

  @Test
  void describeKeepsTheMissingLibrary() {
    String msg =
        "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
            + "Stack trace from the attempt to load the library as a resource:\n"
            + "java.lang.UnsatisfiedLinkError: /tmp/x/libJCudaDriver-12.6.0-linux-x86_64.so:"
            + " libcuda.so.1: cannot open shared object file: No such file or directory\n"
            + "\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)";
    assertEquals(
        "UnsatisfiedLinkError: libcuda.so.1: cannot open shared object file: No such file or"
            + " directory",
        CudaProbe.describe(new UnsatisfiedLinkError(msg)));
    assertEquals(
        "NoClassDefFoundError: jcuda/driver/JCudaDriver",
        CudaProbe.describe(new NoClassDefFoundError("jcuda/driver/JCudaDriver\nmore")));
  }

  @Test
  void probeInChildJvmExitsNormallyAndPrintsTheReason() throws Exception {
    Child c = runProbe(List.of(), Map.of());
    assertEquals(0, c.exit, "the probe JVM must exit normally; output:\n" + c.output);
    CudaProbe.Result here = CudaProbe.result();
    assertTrue(c.output.contains("jgrad cuda available: " + here.available()), c.output);
    String reason = here.available() ? "none" : here.reason();
    assertTrue(c.output.contains("reason: " + reason), "expected the same reason:\n" + c.output);
  }

  @Test
  void forcedCpuSwitchWorksInChildJvms() throws Exception {
    Child prop = runProbe(List.of("-Djgrad.cuda.disable=true"), Map.of());
    assertEquals(0, prop.exit, prop.output);
    assertTrue(prop.output.contains("jgrad cuda available: false"), prop.output);
    assertTrue(
        prop.output.contains("reason: CUDA disabled by -Djgrad.cuda.disable=true"), prop.output);
    Child env = runProbe(List.of(), Map.of("JGRAD_DISABLE_CUDA", "1"));
    assertEquals(0, env.exit, env.output);
    assertTrue(env.output.contains("reason: CUDA disabled by JGRAD_DISABLE_CUDA=1"), env.output);
  }

  /** A finished child JVM. */
  private static final class Child {
    final int exit;
    final String output;

    Child(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }

  private static Child runProbe(List<String> jvmArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    String disable = System.getProperty(CudaProbe.DISABLE_PROPERTY);
    if (disable != null) {
      cmd.add("-D" + CudaProbe.DISABLE_PROPERTY + "=" + disable);
    }
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CudaProbe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process proc = pb.start();
    byte[] out = proc.getInputStream().readAllBytes();
    if (!proc.waitFor(5, TimeUnit.MINUTES)) {
      proc.destroyForcibly();
      throw new AssertionError("the probe JVM did not exit: " + cmd);
    }
    return new Child(proc.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
