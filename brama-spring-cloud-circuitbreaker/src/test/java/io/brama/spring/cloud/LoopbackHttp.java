package io.brama.spring.cloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GET requests to an application listening on loopback, as a client of the gateway sends them, each
 * on a connection of its own: a CI rehearsal once saw a request reusing the kept-alive connection of
 * an earlier one (after a 503 rejection, and after a fallback answer) time out, which one connection
 * per request avoids; to be looked into (the gateway's keep-alive after those answers).
 */
final class LoopbackHttp {
  private LoopbackHttp() {}

  /** {@code GET http://127.0.0.1:<port><path>}, the body as text. */
  static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newHttpClient(); // not AutoCloseable before JDK 21
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
