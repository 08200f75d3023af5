package io.brama.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** A loopback HTTP server that answers 200 while {@code healthy} says so, and 503 otherwise. */
final class FlakyServer implements AutoCloseable {
  private final HttpServer server;

  FlakyServer(BooleanSupplier healthy) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/pay", exchange -> {
      boolean up = healthy.getAsBoolean();
      byte[] body = (up ? "paid" : "service unavailable").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(up ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "flaky-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pay");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
