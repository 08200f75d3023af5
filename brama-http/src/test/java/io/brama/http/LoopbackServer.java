package io.brama.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 that counts the requests it receives and answers with the
 * current handler. Handlers run on a pool, so one that waits does not hold the others up. Note
 * that this server always sets its own {@code Date} header ({@link RawServer} sends exact headers).
 */
public final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile HttpHandler handler = exchange -> answer(exchange, 200);

  public LoopbackServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try (exchange) {
        handler.handle(exchange);
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /** Every request is answered by {@code handler} from now on. */
  public void handle(HttpHandler handler) {
    this.handler = handler;
  }

  /** Every request is answered with {@code status}, the header pairs and the body "status N". */
  public void answer(int status, String... headerPairs) {
    handle(exchange -> answer(exchange, status, headerPairs));
  }

  /**
   * Every request waits until {@code release} opens (10 s at most), then gets a 200; a request
   * still waiting when the test ends is answered by nothing (the client gave up or timed out).
   */
  public void holdUntil(CountDownLatch release) {
    handle(exchange -> {
      try {
        if (release.await(10, TimeUnit.SECONDS)) {
          answer(exchange, 200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Answers {@code exchange} with {@code status}, the header pairs and the body "status N". */
  public static void answer(HttpExchange exchange, int status, String... headerPairs)
      throws IOException {
    for (int i = 0; i < headerPairs.length; i += 2) {
      exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
    }
    byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** How many requests reached the server. */
  public int requests() {
    return requests.get();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The URI of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The id {@link ConnectionIds#byHost()} gives this server. */
  public String id() {
    return "127.0.0.1:" + port();
  }

  /** Stops the server and its handlers. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
