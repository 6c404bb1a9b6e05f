package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline tests: file:// mirrors, a loopback HTTP server and closed loopback ports only. */
class MnistDownloaderTest {
  @TempDir Path tmp;
  private Path goodMirror;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void buildMirror() throws IOException {
    goodMirror = tmp.resolve("mirror");
    Files.createDirectories(goodMirror);
    for (MnistFile f : MnistFile.values()) {
      Files.copy(MnistCache.dir().resolve(f.gzName()), goodMirror.resolve(f.gzName()));
    }
  }

  private MnistDownloader downloader(List<URI> mirrors) {
    return new MnistDownloader(
        mirrors, new UrlFetcher(Duration.ofSeconds(5), Duration.ofSeconds(30)), log::add);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void defaultsAreTheUsualMirrorsAndCacheFolder() {
    assertEquals(
        List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/")),
        MnistDownloader.configuredMirrors(null, Map.of()));
    assertEquals(
        List.of(URI.create("file:///copy/")),
        MnistDownloader.configuredMirrors(null, Map.of("JGRAD_MNIST_MIRRORS", "file:///copy/")));
    assertEquals(
        Path.of("/home/u", ".cache", "jgrad", "mnist"),
        MnistDownloader.defaultDataDir(Map.of(), "/home/u"));
    assertEquals(
        Path.of("/data/jg", "mnist"),
        MnistDownloader.defaultDataDir(Map.of("JGRAD_DATA", "/data/jg"), "/home/u"));
  }

  @Test
  void downloadsVerifiesAndLoadsFromAFileMirror() throws Exception {
    Path data = tmp.resolve("cache").resolve("mnist");
    assertFalse(MnistDownloader.isComplete(data));
    // No trailing slash on purpose: the downloader adds it.
    URI mirror = URI.create(goodMirror.toUri().toString().replaceAll("/$", ""));
    assertEquals(data, downloader(List.of(mirror)).ensure(data));
    assertTrue(MnistDownloader.isComplete(data));
    List<String> expected = new ArrayList<>();
    for (MnistFile f : MnistFile.values()) {
      expected.add(f.gzName());
      assertArrayEquals(
          Files.readAllBytes(goodMirror.resolve(f.gzName())),
          Files.readAllBytes(data.resolve(f.gzName())),
          f.gzName());
    }
    expected.sort(null);
    assertEquals(expected, listing(data), "no temporary files are left behind");
    assertEquals(10000, MnistDataset.load(data, false).size());
    assertTrue(log.stream().anyMatch(l -> l.contains("SHA-256 verified")), log.toString());
  }

  @Test
  void presentFilesAreNotFetchedAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    MnistDownloader counting =
        new MnistDownloader(
            List.of(goodMirror.toUri()),
            (src, dst) -> {
              calls.incrementAndGet();
              Files.copy(Path.of(src), dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            },
            log::add);
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Files.copy(
        goodMirror.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels-idx1-ubyte.gz"));
    counting.ensure(data);
    assertEquals(3, calls.get(), "only the three missing files are fetched");
    counting.ensure(data);
    assertEquals(3, calls.get(), "a complete folder needs no fetch");
  }

  @Test
  void corruptedFileFailsTheChecksumAndTheNextMirrorIsUsed() throws Exception {
    Path bad = tmp.resolve("bad-mirror");
    Files.createDirectories(bad);
    for (MnistFile f : MnistFile.values()) {
      byte[] b = Files.readAllBytes(goodMirror.resolve(f.gzName()));
      b[b.length / 2] ^= 1;
      Files.write(bad.resolve(f.gzName()), b);
    }
    Path onlyBad = tmp.resolve("only-bad");
    MnistDownloadException e =
        assertThrows(
            MnistDownloadException.class, () -> downloader(List.of(bad.toUri())).ensure(onlyBad));
    assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
    assertEquals(List.of(), listing(onlyBad), "the bad download is deleted");

    log.clear();
    Path data = tmp.resolve("data");
    downloader(List.of(bad.toUri(), goodMirror.toUri())).ensure(data);
    assertTrue(MnistDownloader.isComplete(data));
    assertEquals(
        4, log.stream().filter(l -> l.contains("SHA-256 mismatch")).count(), log.toString());
    for (MnistFile f : MnistFile.values()) {
      assertEquals(f.gzSha256(), MnistDownloader.sha256(data.resolve(f.gzName())));
    }
  }

  @Test
  void unreachableMirrorsGiveAClearOfflineError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    List<URI> mirrors =
        List.of(
            URI.create("http://127.0.0.1:9/"),
            URI.create("http://127.0.0.1:" + closedPort + "/mnist/"));
    Path data = tmp.resolve("offline");
    MnistDownloadException e =
        assertThrows(MnistDownloadException.class, () -> downloader(mirrors).ensure(data));
    String msg = e.getMessage();
    assertTrue(msg.contains("train-images-idx3-ubyte.gz"), msg);
    assertTrue(msg.contains("all 2 mirrors failed"), msg);
    assertTrue(msg.contains("http://127.0.0.1:9/train-images-idx3-ubyte.gz: "), msg);
    assertTrue(
        msg.contains("http://127.0.0.1:" + closedPort + "/mnist/train-images-idx3-ubyte.gz: "),
        msg);
    assertTrue(msg.contains("--data DIR"), msg);
    assertTrue(msg.contains("t10k-labels-idx1-ubyte.gz"), msg);
    assertEquals(List.of(), listing(data), "nothing partial is left");
  }

  @Test
  void httpErrorsFallBackToTheNextMirror() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          Path file = path.startsWith("/good/") ? goodMirror.resolve(path.substring(6)) : null;
          if (file == null || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = ex.getResponseBody()) {
              Files.copy(file, out);
            }
          }
          ex.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path data = tmp.resolve("http");
      downloader(List.of(URI.create(base + "/missing/"), URI.create(base + "/good/"))).ensure(data);
      assertTrue(MnistDownloader.isComplete(data));
      assertEquals(
          4, log.stream().filter(l -> l.contains("HTTP status 404")).count(), log.toString());
      assertEquals(60000, IdxReader.readLabels(data.resolve("train-labels-idx1-ubyte.gz")).length);
    } finally {
      server.stop(0);
    }
  }
}
