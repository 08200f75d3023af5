package io.brama.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * The application with Micrometer Tracing bridged to OpenTelemetry and
 * {@code brama.observations.enabled}: a payment over HTTP is a {@code brama payment_api} span in the
 * request's trace, tagged with the connection, the state and the outcome; a payment refused by the
 * open circuit is a span with an error where the call did not happen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TracingTest {
  private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("brama.connection");
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("brama.state");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("brama.outcome");
  private static PaymentApi paymentApi;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  private int port;

  @Autowired
  private InMemorySpanExporter spans;

  @Autowired
  private Brama brama;

  /** Keeps the exported spans in memory. */
  @TestConfiguration
  static class Spans {
    @Bean
    InMemorySpanExporter spanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @BeforeAll
  static void startPaymentApi() {
    paymentApi = PaymentApi.start();
  }

  @AfterAll
  static void stopPaymentApi() {
    paymentApi.stop();
  }

  @DynamicPropertySource
  static void paymentsUrl(DynamicPropertyRegistry registry) {
    registry.add("payments.url", paymentApi::url);
  }

  @Test
  void aPaymentIsASpanInTheRequestsTraceAndARefusalASpanWithAnError() throws Exception {
    assertThat(post("/payments/o1").body()).isEqualTo("paid o1");
    SpanData paid = await().atMost(Duration.ofSeconds(30)).until(() -> bramaSpan("success"),
        s -> s != null);
    assertThat(paid.getName()).isEqualTo("brama payment_api");
    assertThat(paid.getAttributes().get(CONNECTION)).isEqualTo("payment_api");
    assertThat(paid.getAttributes().get(STATE)).isEqualTo("closed");
    assertThat(paid.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    SpanData request = await().atMost(Duration.ofSeconds(30)).until(
        () -> spans.getFinishedSpanItems().stream()
            .filter(s -> s.getSpanId().equals(paid.getParentSpanId())).findFirst().orElse(null),
        s -> s != null);
    assertThat(request.getTraceId()).as("the server request's span is its parent")
        .isEqualTo(paid.getTraceId());

    brama.open("payment_api", "maintenance");
    assertThat(post("/payments/o2").body()).startsWith("queued o2");
    SpanData refused = await().atMost(Duration.ofSeconds(30)).until(() -> bramaSpan("rejected"),
        s -> s != null);
    assertThat(refused.getAttributes().get(STATE)).isEqualTo("open");
    assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private SpanData bramaSpan(String outcome) {
    List<SpanData> finished = spans.getFinishedSpanItems();
    return finished.stream().filter(s -> outcome.equals(s.getAttributes().get(OUTCOME)))
        .findFirst().orElse(null);
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
