package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jgrad.examples.mnist.data.MnistDownloader;
import io.jgrad.examples.mnist.data.MnistFile;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI without {@code --data}: MNIST comes from the download cache, fetched over HTTP from the
 * mirrors when missing. A local HTTP server plays the network; {@code -Djgrad.mnist.mirrors} and
 * {@code -Djgrad.data} point the program at it and at a fresh cache (the same switches a user
 * behind a proxy mirror would use).
 */
class MissingDataTest {
  @TempDir Path dir;
  private HttpServer server;
  // The real files, obtained before any test points the program at its own cache and mirrors.
  private final Path real = MnistCache.dir();

  @AfterEach
  void restore() {
    System.clearProperty("jgrad.mnist.mirrors");
    System.clearProperty("jgrad.data");
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void withoutNetworkTheRunStopsWithTheFixInTheMessage() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    System.setProperty("jgrad.mnist.mirrors", "http://127.0.0.1:" + closedPort + "/mnist/");
    System.setProperty("jgrad.data", dir.resolve("cache").toString());

    Hardening.Run r = train();

    assertEquals(1, r.code(), r.err());
    Path cache = dir.resolve("cache").resolve("mnist");
    assertTrue(r.err().contains("cannot download MNIST file"), r.err());
    assertTrue(r.err().contains("all 1 mirrors failed"), r.err());
    assertTrue(r.err().contains("pass --data DIR"), r.err());
    assertTrue(r.err().contains("-Djgrad.data"), r.err());
    assertTrue(r.err().contains("JGRAD_MNIST_MIRRORS"), r.err());
    assertTrue(r.err().contains(cache.toString()), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace for a missing-data error: " + r.err());
    assertEquals(List.of(), partialFiles(cache), "no half-written download is left behind");
  }

  @Test
  void withNetworkTheFilesAreDownloadedVerifiedCachedAndUsed() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    serve(
        name -> {
          requests.incrementAndGet();
          return read(real.resolve(name));
        });
    System.setProperty("jgrad.data", dir.resolve("cache").toString());

    Hardening.Run first = train();

    assertEquals(0, first.code(), first.err());
    Path cache = dir.resolve("cache").resolve("mnist");
    for (MnistFile f : MnistFile.values()) {
      assertEquals(
          Files.size(real.resolve(f.gzName())), Files.size(cache.resolve(f.gzName())), f.gzName());
    }
    assertEquals(MnistFile.values().length, requests.get());

    server.stop(0);
    server = null;
    Hardening.Run second = train();
    assertEquals(0, second.code(), "the cache serves the second run offline: " + second.err());
  }

  @Test
  void aMirrorServingWrongBytesFailsTheChecksumAndKeepsNothing() throws IOException {
    serve(name -> new byte[] {31, -117, 8, 0, 1, 2, 3});
    System.setProperty("jgrad.data", dir.resolve("cache").toString());

    Hardening.Run r = train();

    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("SHA-256 mismatch"), r.err());
    Path cache = dir.resolve("cache").resolve("mnist");
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(List.of(), s.toList(), "nothing unverified is kept in the cache");
    }
  }

  @Test
  void theMirrorListIsReadFromThePropertyThenTheEnvironment() {
    String[] env = {"JGRAD_MNIST_MIRRORS", "file:///srv/mnist/"};
    assertEquals(
        List.of(URI.create("http://a/"), URI.create("http://b/x/")),
        MnistDownloader.configuredMirrors(" http://a/ ,http://b/x/", Map.of(env[0], env[1])));
    assertEquals(
        List.of(URI.create(env[1])),
        MnistDownloader.configuredMirrors(null, Map.of(env[0], env[1])));
    assertEquals(MnistDownloader.DEFAULT_MIRRORS, MnistDownloader.configuredMirrors("", Map.of()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MnistDownloader.configuredMirrors("http://a b/", Map.of()));
    assertTrue(e.getMessage().contains("'http://a b/' is not a URL"), e.getMessage());
  }

  private Hardening.Run train() {
    return Hardening.cli(
        "train",
        "--model",
        "net7840",
        "--epochs",
        "1",
        "--train-limit",
        "256",
        "--test-limit",
        "256",
        "--threads",
        "1",
        "--out",
        dir.resolve("run").toString());
  }

  /** Serves {@code /mnist/<file>} with the bytes {@code content} gives, and points jgrad at it. */
  private void serve(Function<String, byte[]> content) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/mnist/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = content.apply(path.substring(path.lastIndexOf('/') + 1));
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/";
    System.setProperty("jgrad.mnist.mirrors", url);
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> partialFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }
}
