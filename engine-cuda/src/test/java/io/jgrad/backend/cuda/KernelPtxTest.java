package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.runtime.KernelSources;
import io.jgrad.backend.cuda.runtime.PtxImages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The ahead-of-time PTX shipped in the jar is the PTX of today's sources: the manifest written by
 * {@code regenerate-ptx.sh} holds the SHA-256 of each source it compiled, and each must match the
 * source on the class path (edit a {@code .cu} without regenerating and this fails). Runs on every
 * machine; it needs neither nvcc nor a GPU.
 */
class KernelPtxTest {
  @Test
  void manifestCoversEverySourceWithItsCurrentHash() throws Exception {
    Properties m = PtxImages.manifest();
    TreeSet<String> hashed = new TreeSet<>();
    for (String key : m.stringPropertyNames()) {
      if (key.endsWith(".sha256")) {
        hashed.add(key.substring(0, key.length() - ".sha256".length()));
      }
    }
    assertEquals(new TreeSet<>(KernelSources.FILES), hashed, "sources in the PTX manifest");
    for (String f : KernelSources.FILES) {
      byte[] src = KernelSources.read(f).getBytes(StandardCharsets.UTF_8);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(src));
      assertEquals(
          sha,
          m.getProperty(f + ".sha256"),
          f + " changed since its PTX was made: run engine-cuda/scripts/regenerate-ptx.sh");
    }
  }

  @Test
  void ptxTargetsTheDeclaredArchitectureAndToolkit() {
    assertEquals(PtxImages.ARCH, PtxImages.manifest().getProperty("arch"));
    int toolkit = PtxImages.toolkitVersion();
    assertTrue(toolkit >= 12000, "nvcc.cuda " + toolkit);
    String sm = ".target sm_" + PtxImages.ARCH.substring("compute_".length());
    for (String f : KernelSources.FILES) {
      byte[] image = PtxImages.image(f);
      assertEquals(0, image[image.length - 1], f + ": the driver needs a NUL-terminated image");
      String text = new String(image, 0, image.length - 1, StandardCharsets.US_ASCII);
      assertTrue(text.contains(sm), f + " PTX must target " + PtxImages.ARCH);
      assertTrue(text.contains(".entry"), f + " PTX has entry points");
    }
  }
}
