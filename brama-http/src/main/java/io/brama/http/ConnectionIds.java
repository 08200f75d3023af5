package io.brama.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a request maps to a Brama connection id: {@link #byHost()} (the default), {@link #fixed},
 * or {@link #of} a function of the URI. The URI is always the one the caller sent: a redirect to
 * another host is not followed for the id. Immutable and thread-safe.
 */
public final class ConnectionIds {
  private static final ConnectionIds BY_HOST = new ConnectionIds(ConnectionIds::hostAndPort, "byHost");

  private final Function<URI, String> function;
  private final String description;

  private ConnectionIds(Function<URI, String> function, String description) {
    this.function = function;
    this.description = description;
  }

  /**
   * One connection per {@code host:port} of the request URI, the host in lower case and the
   * scheme's default port filled in ({@code https://API.example.com/pay} is
   * {@code api.example.com:443}).
   *
   * @return the by-host mapping
   */
  public static ConnectionIds byHost() {
    return BY_HOST;
  }

  /**
   * Every request to the one connection {@code id}, whatever its URI.
   *
   * @param id the connection id; not empty
   * @return a mapping that always answers {@code id}
   */
  public static ConnectionIds fixed(String id) {
    Objects.requireNonNull(id, "id must not be null");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must be a non-empty string, was \"\"");
    }
    return new ConnectionIds(uri -> id, "fixed(" + id + ")");
  }

  /**
   * The id {@code function} gives for the request URI; it must answer a non-empty id.
   *
   * @param function maps the URI the caller sent to a connection id
   * @return a mapping through {@code function}
   */
  public static ConnectionIds of(Function<URI, String> function) {
    Objects.requireNonNull(function, "function must not be null");
    return new ConnectionIds(function, "of(" + function + ")");
  }

  /**
   * The connection id for a request to {@code uri}.
   *
   * @param uri the URI the caller sent
   * @return the connection id, never null or empty
   * @throws IllegalArgumentException when no id can be made: a URI without host, or a function
   *     that answered null or an empty string
   */
  public String idFor(URI uri) {
    Objects.requireNonNull(uri, "uri must not be null");
    String id = function.apply(uri);
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("connection id for " + uri
          + " must be a non-empty string, was " + (id == null ? "null" : "\"\""));
    }
    return id;
  }

  @Override
  public String toString() {
    return "ConnectionIds." + description;
  }

  private static String hostAndPort(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("uri must have a host, was " + uri);
    }
    int port = uri.getPort();
    if (port == -1) {
      port = defaultPort(uri);
    }
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static int defaultPort(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> throw new IllegalArgumentException(
          "uri must have a port or a scheme in [http, https, ws, wss], was " + uri);
    };
  }
}
