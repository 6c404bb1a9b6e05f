package io.jgrad.examples.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fetches the four MNIST {@code .gz} files into a data folder when they are not there yet. Each
 * missing file is tried on every mirror in order; a download goes to a temporary file in the target
 * folder, is checked against the official size and SHA-256 ({@link MnistFile}), and only then
 * renamed atomically to its final name, so a half-written or wrong file never appears under the
 * real name. Bad downloads are deleted.
 *
 * <p>When every mirror fails for a file (typically: the machine is offline), {@link #ensure} throws
 * a {@link MnistDownloadException} listing each URL tried and its error, and telling the user to
 * pass {@code --data DIR} with the four files. The mirror list and the {@link Fetcher} are
 * injectable, so tests run against {@code file://} mirrors and never touch the network.
 */
public final class MnistDownloader {
  /** The public mirrors, in the order they are tried. */
  public static final List<URI> DEFAULT_MIRRORS =
      List.of(
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
          URI.create("http://yann.lecun.com/exdb/mnist/"));

  /** Copies the resource at a URI into a local file (replacing it). */
  @FunctionalInterface
  public interface Fetcher {
    /** Writes the bytes at {@code source} into {@code target}; throws on any failure. */
    void fetch(URI source, Path target) throws IOException;
  }

  private final List<URI> mirrors;
  private final Fetcher fetcher;
  private final Consumer<String> log;

  /**
   * A downloader trying {@code mirrors} (folder URIs; a missing trailing slash is added) with
   * {@code fetcher}, reporting progress lines to {@code log}.
   */
  public MnistDownloader(List<URI> mirrors, Fetcher fetcher, Consumer<String> log) {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("MnistDownloader: at least one mirror is required");
    }
    List<URI> m = new ArrayList<>();
    for (URI u : mirrors) {
      String s = u.toString();
      m.add(s.endsWith("/") ? u : URI.create(s + "/"));
    }
    this.mirrors = List.copyOf(m);
    this.fetcher = fetcher;
    this.log = log;
  }

  /**
   * The configured mirrors ({@link #configuredMirrors()}) with {@link UrlFetcher}, logging to
   * standard error.
   */
  public static MnistDownloader withDefaults() {
    return new MnistDownloader(configuredMirrors(), new UrlFetcher(), System.err::println);
  }

  /**
   * The mirrors to try: {@code -Djgrad.mnist.mirrors}, else {@code $JGRAD_MNIST_MIRRORS} (folder
   * URLs separated by commas, e.g. a local copy), else {@link #DEFAULT_MIRRORS}.
   */
  public static List<URI> configuredMirrors() {
    return configuredMirrors(System.getProperty("jgrad.mnist.mirrors"), System.getenv());
  }

  /** {@link #configuredMirrors()} for the given property value (may be null) and environment. */
  public static List<URI> configuredMirrors(String property, Map<String, String> env) {
    String list =
        property != null && !property.isBlank() ? property : env.get("JGRAD_MNIST_MIRRORS");
    if (list == null || list.isBlank()) {
      return DEFAULT_MIRRORS;
    }
    List<URI> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String u = part.trim();
      if (u.isEmpty()) {
        continue;
      }
      try {
        out.add(new URI(u));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "MNIST mirror list: '" + u + "' is not a URL (" + e.getMessage() + ")", e);
      }
    }
    return out.isEmpty() ? DEFAULT_MIRRORS : List.copyOf(out);
  }

  /** The mirrors tried, in order. */
  public List<URI> mirrors() {
    return mirrors;
  }

  /**
   * The default data folder: {@code <root>/mnist} where the root is {@code -Djgrad.data} or {@code
   * $JGRAD_DATA}, else {@code ~/.cache/jgrad/mnist}.
   */
  public static Path defaultDataDir() {
    String root = System.getProperty("jgrad.data");
    if (root != null && !root.isBlank()) {
      return Path.of(root).resolve("mnist");
    }
    return defaultDataDir(System.getenv(), System.getProperty("user.home"));
  }

  /** {@link #defaultDataDir()} for the given environment and home folder. */
  public static Path defaultDataDir(Map<String, String> env, String userHome) {
    String root = env.get("JGRAD_DATA");
    if (root != null && !root.isBlank()) {
      return Path.of(root).resolve("mnist");
    }
    return Path.of(userHome, ".cache", "jgrad", "mnist");
  }

  /** True when {@code dir} holds all four files (each gzipped or not). */
  public static boolean isComplete(Path dir) {
    for (MnistFile f : MnistFile.values()) {
      if (f.find(dir) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Makes sure {@code dir} holds the four MNIST files, downloading the missing ones; files already
   * present are left alone. Returns {@code dir}.
   *
   * @throws MnistDownloadException when some file could be fetched from no mirror
   */
  public Path ensure(Path dir) throws IOException {
    for (MnistFile f : MnistFile.values()) {
      if (f.find(dir) == null) {
        Files.createDirectories(dir);
        download(f, dir);
      }
    }
    return dir;
  }

  private void download(MnistFile f, Path dir) throws IOException {
    List<String> errors = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI url = mirror.resolve(f.gzName());
      log.accept("mnist: downloading " + url);
      Path tmp = Files.createTempFile(dir, "." + f.gzName() + ".", ".part");
      try {
        fetcher.fetch(url, tmp);
        verify(f, tmp);
        moveAtomically(tmp, dir.resolve(f.gzName()));
        log.accept("mnist: saved " + dir.resolve(f.gzName()) + " (SHA-256 verified)");
        return;
      } catch (IOException e) {
        String why = describe(e);
        errors.add(url + ": " + why);
        log.accept("mnist: " + url + " failed: " + why);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    throw new MnistDownloadException(offlineMessage(f, dir, errors));
  }

  /** Checks size and SHA-256 of a downloaded {@code .gz} file. */
  static void verify(MnistFile f, Path file) throws IOException {
    long size = Files.size(file);
    String sha = sha256(file);
    if (!sha.equals(f.gzSha256())) {
      throw new IOException(
          "SHA-256 mismatch for "
              + f.gzName()
              + ": got "
              + sha
              + " ("
              + size
              + " bytes),"
              + " expected "
              + f.gzSha256()
              + " ("
              + f.gzSize()
              + " bytes); download deleted");
    }
  }

  /** Lower-case hex SHA-256 of a file. */
  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void moveAtomically(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The exception and its causes as one line, e.g. "ConnectException: Connection refused". */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
      if (sb.length() > 0) {
        sb.append(" <- ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        sb.append(": ").append(t.getMessage());
      }
    }
    return sb.toString();
  }

  private String offlineMessage(MnistFile f, Path dir, List<String> errors) {
    StringBuilder sb = new StringBuilder();
    sb.append("cannot download MNIST file ").append(f.gzName()).append(" into ").append(dir);
    sb.append(": all ").append(mirrors.size()).append(" mirrors failed:");
    for (String e : errors) {
      sb.append("\n  ").append(e);
    }
    sb.append("\nIf this machine is offline, copy the four MNIST files (")
        .append(MnistFile.allGzNames())
        .append(", gzipped or not) into a folder and pass --data DIR (or place them in ")
        .append(dir)
        .append(").")
        .append("\nOr move the cache with -Djgrad.data=ROOT (or $JGRAD_DATA), or name other")
        .append(" mirrors, a local copy too (file:///path/to/folder/), in JGRAD_MNIST_MIRRORS")
        .append(" (or -Djgrad.mnist.mirrors), comma-separated.");
    return sb.toString();
  }
}
