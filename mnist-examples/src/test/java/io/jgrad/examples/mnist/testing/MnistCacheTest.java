package io.jgrad.examples.mnist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.data.MnistDownloader;
import io.jgrad.examples.mnist.data.UrlFetcher;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests get MNIST as users do; offline with an empty cache they fail with the program's advice. */
class MnistCacheTest {
  @TempDir Path tmp;

  @Test
  void offlineWithAnEmptyCacheTheFailureIsTheDownloadersAdvice() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    List<String> log = new ArrayList<>();
    MnistDownloader offline =
        new MnistDownloader(
            List.of(URI.create("http://127.0.0.1:" + closedPort + "/mnist/")),
            new UrlFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            log::add);

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> MnistCache.obtain(tmp, offline));

    String msg = e.getMessage();
    assertTrue(msg.startsWith("this test needs the MNIST files"), msg);
    for (String advice : List.of("--data DIR", "-Djgrad.data", "JGRAD_MNIST_MIRRORS")) {
      assertTrue(msg.contains(advice), advice + " missing from: " + msg);
    }
    assertTrue(msg.contains("127.0.0.1:" + closedPort), msg);
  }

  @Test
  void aCompleteCacheIsUsedWithoutAnyDownload() {
    Path real = MnistCache.dir();
    List<String> log = new ArrayList<>();
    MnistDownloader never =
        new MnistDownloader(
            List.of(URI.create("file:///nonexistent/")),
            (source, target) -> {
              throw new AssertionError("no download expected, asked for " + source);
            },
            log::add);
    assertEquals(real, MnistCache.obtain(real, never));
    assertEquals(List.of(), log);
  }
}
