package io.brama.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Runs the whole application against a fake payment API over real HTTP, to prove that the starter's
 * pieces work together: the circuit opens after {@code max-attempts} failures, the fallback answers
 * without calling the API, and the Actuator endpoint, health and Prometheus meters all show it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentApplicationTest extends PaymentApiTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  private int port;

  @Test
  void circuitOpensFallsBackIsReportedAndResets() throws Exception {
    // 1. both configured connections are registered, payment_api with its own settings
    DocumentContext all = json(get("/actuator/brama"), 200);
    assertThat(list(all, "$.connections[*].id"))
        .containsExactly("ledger_db", "payment_api");
    assertThat(list(all, "$.connections[?(@.id=='ledger_db')].type"))
        .containsExactly("jdbc");
    assertThat(list(all, "$.connections[?(@.id=='ledger_db')].maxAttempts"))
        .containsExactly(10); // the global brama.max-attempts
    assertThat(list(all, "$.connections[?(@.id=='payment_api')]")).hasSize(1);
    String paymentApiPath = "$.connections[?(@.id=='payment_api')].";
    assertThat(list(all, paymentApiPath + "type")).containsExactly("http");
    assertThat(list(all, paymentApiPath + "scope")).containsExactly("payment_services");
    assertThat(list(all, paymentApiPath + "state")).containsExactly("CLOSED");
    assertThat(list(all, paymentApiPath + "maxAttempts")).containsExactly(3);

    // 2. three failures open the circuit; the fourth call gets the fallback without reaching the API
    paymentApi.healthy.set(false);
    paymentApi.requests.set(0);
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> failed = post("/payments/order-" + i, "");
      assertThat(failed.statusCode()).isEqualTo(502);
      assertThat(failed.body()).isEqualTo("payment failed: payment API answered 503");
    }
    HttpResponse<String> queued = post("/payments/order-4", "");
    assertThat(queued.statusCode()).isEqualTo(200);
    assertThat(queued.body()).matches("queued order-4 \\(payment_api is open, retry in \\d+s\\)");
    assertThat(paymentApi.requests).hasValue(3);

    // 3. the endpoint shows the open circuit and what happened to the calls
    DocumentContext open = json(get("/actuator/brama/payment_api"), 200);
    assertThat(open.read("$.id", String.class)).isEqualTo("payment_api");
    assertThat(open.read("$.state", String.class)).isEqualTo("OPEN");
    assertThat(open.read("$.failureCount", Integer.class)).isZero(); // counted in CLOSED only
    assertThat(open.read("$.maxAttempts", Integer.class)).isEqualTo(3);
    assertThat(open.read("$.consecutiveOpens", Integer.class)).isEqualTo(1);
    assertThat(open.read("$.openedAt", String.class)).isNotNull();
    assertThat(open.read("$.lastFailureReason", String.class))
        .contains("payment API answered 503");
    assertThat(open.read("$.lastSuccessAt", String.class)).isNull();
    assertThat(open.read("$.calls.successes", Integer.class)).isZero();
    assertThat(open.read("$.calls.failures", Integer.class)).isEqualTo(3);
    assertThat(open.read("$.calls.rejected", Integer.class)).isEqualTo(1);

    // 4. an open circuit is reported in the health details but does not take the application DOWN
    DocumentContext health = json(get("/actuator/health"), 200);
    assertThat(health.read("$.status", String.class)).isEqualTo("UP");
    assertThat(health.read("$.components.brama.status", String.class)).isEqualTo("UP");
    assertThat(health.read("$.components.brama.details.open", Integer.class)).isEqualTo(1);
    assertThat(health.read("$.components.brama.details.connections.payment_api", String.class))
        .isEqualTo("OPEN");
    assertThat(health.read("$.components.brama.details.connections.ledger_db", String.class))
        .isEqualTo("CLOSED");

    // 5. Prometheus sees the same numbers
    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    List<String> lines = scrape.body().lines().toList();
    // Prometheus writes the tags in alphabetical order; application comes from application.yml
    String calls = "brama_calls_total{application=\"payments\",connection=\"payment_api\","
        + "outcome=\"%s\",scope=\"payment_services\",type=\"http\"} %s";
    String state = "brama_connection_state{application=\"payments\",connection=\"payment_api\","
        + "scope=\"payment_services\",state=\"%s\",type=\"http\"} %s";
    assertThat(lines).contains(
        calls.formatted("failure", "3.0"),
        calls.formatted("rejected", "1.0"),
        calls.formatted("success", "0.0"),
        state.formatted("open", "1.0"),
        state.formatted("closed", "0.0"),
        "brama_transitions_total{application=\"payments\",connection=\"payment_api\","
            + "from=\"closed\",scope=\"payment_services\",to=\"open\",type=\"http\"} 1.0");

    // 6. reset through the endpoint; payments go through again; bad requests are refused
    HttpResponse<String> reset = post("/actuator/brama/payment_api", "{\"action\":\"reset\"}");
    DocumentContext closed = json(reset, 200);
    assertThat(closed.read("$.state", String.class)).isEqualTo("CLOSED");
    assertThat(closed.read("$.failureCount", Integer.class)).isZero();
    paymentApi.healthy.set(true);
    HttpResponse<String> paid = post("/payments/order-5", "");
    assertThat(paid.statusCode()).isEqualTo(200);
    assertThat(paid.body()).isEqualTo("paid order-5");
    assertThat(paymentApi.requests).hasValue(4);
    assertThat(json(get("/actuator/brama/payment_api"), 200).read("$.calls.successes",
        Integer.class)).isEqualTo(1);
    assertThat(get("/actuator/brama/nope").statusCode()).isEqualTo(404);
    assertThat(post("/actuator/brama/payment_api", "{\"action\":\"explode\"}").statusCode())
        .isEqualTo(400);
    assertThat(json(get("/actuator/brama/payment_api"), 200).read("$.state", String.class))
        .isEqualTo("CLOSED");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static List<Object> list(DocumentContext json, String path) {
    return json.read(path);
  }

  private static DocumentContext json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JsonPath.parse(response.body());
  }
}
