package io.jgrad.examples.mnist.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * The default {@link MnistDownloader.Fetcher}: {@code http}/{@code https} through {@link
 * HttpClient} with a connect timeout and a response timeout (redirects followed; any status but 200
 * is an error), and {@code file} URIs by a plain copy (a local mirror, used by the offline tests).
 */
public final class UrlFetcher implements MnistDownloader.Fetcher {
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private HttpClient client;

  /** Connect timeout 20 s, response timeout 10 minutes. */
  public UrlFetcher() {
    this(Duration.ofSeconds(20), Duration.ofMinutes(10));
  }

  /** A fetcher with the given connect and response ({@link HttpRequest#timeout}) timeouts. */
  public UrlFetcher(Duration connectTimeout, Duration requestTimeout) {
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "UrlFetcher: timeouts must be positive, got "
              + connectTimeout
              + " and "
              + requestTimeout);
    }
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public void fetch(URI source, Path target) throws IOException {
    String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      Files.copy(Path.of(source), target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IOException("unsupported URL scheme '" + scheme + "' (http, https or file)");
    }
    HttpRequest request = HttpRequest.newBuilder(source).timeout(requestTimeout).GET().build();
    HttpResponse<Path> response;
    try {
      response =
          client()
              .send(
                  request,
                  HttpResponse.BodyHandlers.ofFile(
                      target,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE,
                      StandardOpenOption.TRUNCATE_EXISTING));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("download interrupted");
      ie.initCause(e);
      throw ie;
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP status " + response.statusCode());
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return client;
  }
}
