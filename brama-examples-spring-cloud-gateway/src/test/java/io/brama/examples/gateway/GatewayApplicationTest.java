package io.brama.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the example gateway, as configured in {@code application.yml}, in front of payment and quote
 * APIs that fail (one real loopback server): the payments route opens after three failures and
 * answers 503 with {@code Retry-After} without calling the API; the quotes route falls back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
class GatewayApplicationTest {
  private static final AtomicInteger PAYMENTS = new AtomicInteger();
  private static final AtomicInteger QUOTES = new AtomicInteger();
  private static HttpServer apis;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  private int port;

  @BeforeAll
  static void startFailingApis() throws IOException {
    apis = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    apis.createContext("/", exchange -> {
      (exchange.getRequestURI().getPath().startsWith("/payments") ? PAYMENTS : QUOTES)
          .incrementAndGet();
      byte[] body = "down".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(502, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    apis.start();
  }

  @AfterAll
  static void stopApis() {
    apis.stop(0);
  }

  @DynamicPropertySource
  static void apiUrls(DynamicPropertyRegistry registry) {
    registry.add("payments.url", () -> "http://127.0.0.1:" + apis.getAddress().getPort());
    registry.add("quotes.url", () -> "http://127.0.0.1:" + apis.getAddress().getPort());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void paymentsOpenAfterThreeFailuresAndAnswer503WithRetryAfter() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(get("/payments/42").statusCode()).isEqualTo(502);
    }
    HttpResponse<String> rejected = get("/payments/42");
    assertThat(rejected.statusCode()).isEqualTo(503);
    // expiry 30 s, measured at the rejection, rounded up to whole seconds
    assertThat(rejected.headers().firstValue("Retry-After").map(Integer::parseInt))
        .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 30));
    assertThat(PAYMENTS).hasValue(3);
  }

  @Test
  void quotesFallBackToTheCachedAnswer() throws Exception {
    HttpResponse<String> response = get("/quotes/today");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("cached quote");
    assertThat(QUOTES).hasValue(1);
  }
}
