package io.brama.examples.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake payment API on a free loopback port: {@code POST /pay} answers 200 "paid &lt;order&gt;" while
 * healthy, 503 "unavailable" otherwise, and counts the requests it sees.
 */
final class PaymentApi {
  final AtomicBoolean healthy = new AtomicBoolean(true);
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  private PaymentApi(HttpServer server) {
    this.server = server;
  }

  static PaymentApi start() {
    PaymentApi api;
    try {
      api = new PaymentApi(HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    api.server.createContext("/pay", exchange -> {
      api.requests.incrementAndGet();
      String order = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean up = api.healthy.get();
      byte[] body = (up ? "paid " + order : "unavailable").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(up ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.server.start();
    return api;
  }

  /** The value of {@code payments.url}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/pay";
  }

  void stop() {
    server.stop(0);
  }
}
