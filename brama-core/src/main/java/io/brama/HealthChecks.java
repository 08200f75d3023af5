package io.brama;

import io.brama.internal.Require;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Built-in {@link HealthCheck}s for the usual dependencies. Each takes its own timeout, which should
 * be shorter than the monitor's (the monitor's timeout is the last resort that interrupts a probe).
 */
public final class HealthChecks {
  private HealthChecks() {}

  /**
   * Healthy when a TCP connection to {@code host:port} is established within {@code timeout}
   * (then closed at once; nothing is sent).
   *
   * @param host the host to connect to
   * @param port the TCP port, 1 to 65535
   * @param timeout how long the connect may take
   * @return the check
   */
  public static HealthCheck tcp(String host, int port, Duration timeout) {
    Require.notNull(host, "host");
    Require.between(port, 1, 65_535, "port");
    int millis = millis(timeout);
    return new Named("tcp " + host + ":" + port, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), millis);
        return Health.healthy();
      }
    });
  }

  /**
   * Healthy when a {@code GET uri} answers 2xx or 3xx (redirects are not followed) within
   * {@code timeout}; any other status is unhealthy with reason {@code "HTTP <status>"}. Uses one
   * {@link HttpClient} per check; the body is discarded.
   *
   * @param uri the absolute http or https URI to request
   * @param timeout how long the request may take
   * @return the check
   */
  public static HealthCheck http(URI uri, Duration timeout) {
    Require.notNull(uri, "uri");
    Require.argument(uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
        || "https".equalsIgnoreCase(uri.getScheme())),
        "uri must be an absolute http or https URI, was " + uri);
    Require.positive(timeout, "timeout");
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return new Named("http " + uri, () -> {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 400 ? Health.healthy()
          : Health.unhealthy("HTTP " + status + " from " + uri);
    });
  }

  /**
   * Healthy when {@code dataSource} gives a connection whose {@link Connection#isValid(int)} is true
   * within {@code timeout} (rounded up to whole seconds, as JDBC counts); the connection is closed
   * (returned to its pool) afterwards.
   *
   * @param dataSource where the connection comes from
   * @param timeout how long the validation may take
   * @return the check
   */
  public static HealthCheck jdbc(DataSource dataSource, Duration timeout) {
    Require.notNull(dataSource, "dataSource");
    Require.positive(timeout, "timeout");
    int seconds = (int) Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000);
    return new Named("jdbc " + dataSource.getClass().getSimpleName(), () -> {
      try (Connection connection = dataSource.getConnection()) {
        return connection.isValid(seconds) ? Health.healthy()
            : Health.unhealthy("Connection.isValid(" + seconds + ") returned false");
      }
    });
  }

  private static int millis(Duration timeout) {
    Require.positive(timeout, "timeout");
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** A check with a readable {@link #toString()} for logs and the monitor's description. */
  private record Named(String name, HealthCheck delegate) implements HealthCheck {
    @Override
    public Health check() throws Exception {
      return delegate.check();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
