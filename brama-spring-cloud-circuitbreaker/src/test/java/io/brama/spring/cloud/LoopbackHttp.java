package io.brama.spring.cloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GET requests to an application listening on loopback, as a client of the gateway sends them:
 * one client for all, so requests reuse kept-alive connections as browsers and load balancers do
 * (GatewayKeepAliveTest checks that the gateway keeps reading such a connection).
 */
final class LoopbackHttp {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private LoopbackHttp() {}

  /** {@code GET http://127.0.0.1:<port><path>}, the body as text. */
  static HttpResponse<String> get(int port, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
