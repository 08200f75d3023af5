package io.brama.spring.cloud;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port: answers every path with the status set for it
 * (200 by default) and the body {@code "backend <path>"}, or closes the connection without an
 * answer for a path set to {@link #drop}; counts the requests per path.
 */
final class Backend implements AutoCloseable {
  private static final int DROP = -1;
  private final HttpServer server;
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  Backend() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int status = statuses.getOrDefault(path, 200);
      if (status == DROP) {
        exchange.close(); // before any header: the server closes the connection, no response
        return;
      }
      byte[] body = ("backend " + path).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code path} with {@code status} from now on. */
  void answer(String path, int status) {
    statuses.put(path, status);
  }

  /** Closes the connection of each request for {@code path} without answering, from now on. */
  void drop(String path) {
    statuses.put(path, DROP);
  }

  /** The requests that reached {@code path} so far. */
  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
