package io.brama.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.spring.BramaBuilderCustomizer;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole WebFlux application over real HTTP, against a quotes API on loopback that fails on
 * demand: three failures open {@code quotes_api}, the fallback then answers without a request to
 * the API, and after the expiry (on a manual clock) the trial call closes the circuit again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuoteApplicationTest {
  private static final ManualClock CLOCK = new ManualClock();
  private static final AtomicBoolean HEALTHY = new AtomicBoolean(true);
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  private static HttpServer quotesApi;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  private int port;

  @Autowired
  private Brama brama;

  /** The application's Brama on the test's clock, so that the expiry passes when the test says. */
  @TestConfiguration
  static class ManualTime {
    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK);
    }
  }

  @BeforeAll
  static void startQuotesApi() throws IOException {
    quotesApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    quotesApi.createContext("/quotes/", exchange -> {
      REQUESTS.incrementAndGet();
      String symbol = exchange.getRequestURI().getPath().substring("/quotes/".length());
      byte[] body = (HEALTHY.get() ? symbol + " 42.00" : "unavailable")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(HEALTHY.get() ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    quotesApi.start();
  }

  @AfterAll
  static void stopQuotesApi() {
    quotesApi.stop(0);
  }

  @DynamicPropertySource
  static void quotesUrl(DynamicPropertyRegistry registry) {
    registry.add("quotes.url", () -> "http://127.0.0.1:" + quotesApi.getAddress().getPort());
  }

  @Test
  void opensOnFailuresAnswersFromTheFallbackWithoutCallingTheApiAndRecovers() throws Exception {
    assertThat(get("/quotes/ACME")).isEqualTo("200 ACME 42.00");
    assertThat(brama.status("quotes_api").type()).isEqualTo("http");

    HEALTHY.set(false);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/quotes/ACME")).startsWith("500 ");
    }
    assertThat(brama.status("quotes_api").state()).isEqualTo(CircuitState.OPEN);
    int requestsWhenOpened = REQUESTS.get();
    assertThat(requestsWhenOpened).isEqualTo(4);

    assertThat(get("/quotes/ACME"))
        .isEqualTo("200 ACME: no quote (quotes_api is open, retry in 30s)");
    CLOCK.advance(Duration.ofSeconds(10));
    assertThat(get("/quotes/INIT"))
        .isEqualTo("200 INIT: no quote (quotes_api is open, retry in 20s)");
    assertThat(REQUESTS).hasValue(requestsWhenOpened); // the API saw nothing while open

    HEALTHY.set(true);
    CLOCK.advance(Duration.ofSeconds(20));
    assertThat(get("/quotes/ACME")).isEqualTo("200 ACME 42.00"); // the trial
    assertThat(brama.status("quotes_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(REQUESTS).hasValue(requestsWhenOpened + 1);
  }

  /** "status body" of a GET to the application. */
  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
