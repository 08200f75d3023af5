package io.brama.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The application as configured ({@code spring-boot-starter-opentelemetry},
 * {@code brama.observations.enabled}), its spans exported in memory: each payment over HTTP is a
 * {@code brama payment_api} span whose parent is that request's server span, tagged with the
 * connection, the state the call met and its outcome; a failed payment and a payment refused by
 * the open circuit are spans with status ERROR.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // the batch processor exports every 5 s by default; the test need not wait that long
    properties = "management.opentelemetry.tracing.export.schedule-delay=100ms")
class TracingTest extends PaymentApiTest {
  private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("brama.connection");
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("brama.state");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("brama.outcome");
  /** Spring's server observation: the request's path, a high-cardinality key value. */
  private static final AttributeKey<String> URL = AttributeKey.stringKey("http.url");
  private static final Duration EXPORTED = Duration.ofSeconds(30);

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

  @Test
  void eachPaymentIsASpanUnderItsRequestsSpanAndAFailureOrRefusalIsAnError() throws Exception {
    HttpResponse<String> paid = post("/payments/o1");
    assertThat(paid.body()).isEqualTo("paid o1");
    SpanData success = bramaSpanOf("/payments/o1");
    assertThat(success.getName()).isEqualTo("brama payment_api");
    assertThat(success.getAttributes().get(CONNECTION)).isEqualTo("payment_api");
    assertThat(success.getAttributes().get(STATE)).isEqualTo("closed");
    assertThat(success.getAttributes().get(OUTCOME)).isEqualTo("success");
    assertThat(success.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

    paymentApi.healthy.set(false);
    assertThat(post("/payments/o2").statusCode()).isEqualTo(502);
    SpanData failure = bramaSpanOf("/payments/o2");
    assertThat(failure.getAttributes().get(CONNECTION)).isEqualTo("payment_api");
    assertThat(failure.getAttributes().get(STATE)).isEqualTo("closed");
    assertThat(failure.getAttributes().get(OUTCOME)).isEqualTo("failure");
    assertThat(failure.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    int reached = paymentApi.requests.get();
    brama.open("payment_api", "maintenance");
    assertThat(post("/payments/o3").body()).startsWith("queued o3 (payment_api is open");
    assertThat(paymentApi.requests).as("the refused call did not happen").hasValue(reached);
    SpanData rejected = bramaSpanOf("/payments/o3");
    assertThat(rejected.getAttributes().get(CONNECTION)).isEqualTo("payment_api");
    assertThat(rejected.getAttributes().get(STATE)).isEqualTo("open");
    assertThat(rejected.getAttributes().get(OUTCOME)).isEqualTo("rejected");
    assertThat(rejected.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  /**
   * Waits for the server span of the request to {@code path} and the brama span whose parent it
   * is (the only one: each request makes one guarded call), and returns the latter.
   */
  private SpanData bramaSpanOf(String path) {
    SpanData request = exported("the server span of " + path, () -> spans.getFinishedSpanItems()
        .stream().filter(s -> s.getKind() == SpanKind.SERVER && path.equals(s.getAttributes()
            .get(URL))).findFirst());
    SpanData call = exported("the brama span under the request to " + path,
        () -> spans.getFinishedSpanItems().stream()
            .filter(s -> s.getAttributes().get(CONNECTION) != null
                && s.getParentSpanId().equals(request.getSpanId())).findFirst());
    assertThat(call.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(spans.getFinishedSpanItems())
        .filteredOn(s -> s.getParentSpanId().equals(request.getSpanId())
            && s.getAttributes().get(CONNECTION) != null)
        .as("brama spans under the request to " + path).hasSize(1);
    return call;
  }

  private SpanData exported(String what, Supplier<Optional<SpanData>> find) {
    AtomicReference<SpanData> found = new AtomicReference<>();
    await(what).atMost(EXPORTED).untilAsserted(() -> {
      Optional<SpanData> span = find.get();
      assertThat(span).as("%s among the exported spans %s", what, spans.getFinishedSpanItems())
          .isPresent();
      found.set(span.get());
    });
    return found.get();
  }

  private HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
