package io.brama.examples.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.brama.examples.spring.PaymentApplication;
import io.brama.examples.spring.observability.GrafanaDashboard.Panel;
import io.brama.examples.spring.observability.GrafanaDashboard.Variable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shipped alert rules and Grafana dashboard against a real Prometheus scraping the example
 * application every second while it fails and rejects payments: every alert must fire in the
 * scenario meant for it (and no other alert then), and every dashboard panel's query must return
 * data.
 *
 * <p>Prometheus loads a copy of {@code brama-rules.yml} whose {@code for:} durations are 0s
 * ({@link AlertRules#writeWithoutHoldDurations}): the expressions, windows and thresholds are the
 * shipped ones, but the test need not wait minutes; the hold durations are covered by the promtool
 * unit tests.
 */
@SpringBootTest(classes = PaymentApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertsAndDashboardTest {
  private static final String CONNECTION = "payment_api";
  /** A scrape (1 s) and a rule evaluation (1 s) after a change, with room for a loaded machine. */
  private static final Duration ALERT_DEADLINE = Duration.ofSeconds(30);
  /** Enough rejected calls for the shipped 1/s threshold over 5 minutes: 450 / 300 s = 1.5/s. */
  private static final int REJECTED_CALLS = 450;

  private static final AtomicBoolean HEALTHY = new AtomicBoolean(true);
  private static HttpServer paymentApi;
  private static Path prometheusProgram;
  private static PrometheusServer prometheus;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  private int port;

  @BeforeAll
  static void startPaymentApi() throws IOException {
    prometheusProgram = ObservabilityFiles.program("prometheus"); // skips before Spring starts
    paymentApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    paymentApi.createContext("/pay", exchange -> {
      exchange.getRequestBody().readAllBytes();
      boolean healthy = HEALTHY.get();
      byte[] body = (healthy ? "paid" : "unavailable").getBytes();
      exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    paymentApi.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (paymentApi != null) {
      paymentApi.stop(0);
    }
  }

  @DynamicPropertySource
  static void paymentsUrl(DynamicPropertyRegistry registry) {
    registry.add("payments.url", () -> "http://127.0.0.1:"
        + paymentApi.getAddress().getPort() + "/pay");
  }

  @Test
  void everyAlertFiresInItsScenarioAndEveryPanelHasData() throws Exception {
    AlertRules shipped = AlertRules.read(ObservabilityFiles.RULES);
    Path rules = Files.createTempFile("brama-rules-", ".yml");
    try {
      shipped.writeWithoutHoldDurations(rules);
      prometheus = PrometheusServer.start(prometheusProgram, port, "/actuator/prometheus",
          "payments", rules);
    } finally {
      Files.delete(rules);
    }

    // 0. Prometheus has the rules and a first scrape (failures at 0, so a rise can be seen)
    await("a first scrape of the application").atMost(ALERT_DEADLINE)
        .untilAsserted(() -> assertThat(prometheus.query(
            "brama_connection_failures{connection=\"" + CONNECTION + "\"} == 0")).hasSize(1));
    assertThat(prometheus.alertingRules()).extracting(r -> r.get("name"))
        .containsExactlyInAnyOrderElementsOf(shipped.alertNames());

    // 1. successes, then two failures: CLOSED with its consecutive failures climbing
    pay(2, 200);
    HEALTHY.set(false);
    pay(2, 502);
    awaitAlerts("BramaFailuresWhileClosed");

    // 2. the third failure opens the circuit; callers are rejected (and get the fallback)
    pay(1, 502);
    pay(REJECTED_CALLS, 200);
    awaitAlerts("BramaCircuitOpen", "BramaCallsRejected");

    // 3. two resets, each followed by max-attempts failures: opened from CLOSED three times
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> reset = post("/actuator/brama/" + CONNECTION, "{\"action\":\"reset\"}");
      assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
      pay(3, 502);
    }
    awaitAlerts("BramaCircuitOpen", "BramaCallsRejected", "BramaCircuitFlapping");
    assertThat(prometheus.alerts())
        .filteredOn(a -> "BramaCircuitFlapping".equals(label(a, "alertname")))
        .extracting(a -> Double.parseDouble((String) a.get("value"))).containsExactly(3.0);
    assertThat(prometheus.alertingRules()).as(prometheus.log())
        .allSatisfy(r -> assertThat(r.get("health")).as(r.get("name") + ": " + r.get("lastError"))
            .isEqualTo("ok"));

    // 4. every panel's query returns data, for the scenario's values and for "All"
    GrafanaDashboard dashboard = GrafanaDashboard.read(ObservabilityFiles.DASHBOARD);
    assertThat(dashboard.schemaVersion()).isGreaterThanOrEqualTo(36);
    Map<String, String> scenario = Map.of("application", "payments",
        "scope", "payment_services", "connection", CONNECTION);
    Map<String, String> all = Map.of("application", ".*", "scope", ".*", "connection", ".*");
    assertThat(dashboard.variables()).extracting(Variable::name)
        .containsExactlyInAnyOrderElementsOf(scenario.keySet());
    for (Variable v : dashboard.variables()) {
      assertThat(prometheus.labelValues(v.label(), GrafanaDashboard.substitute(v.selector(), all)))
          .as("values of $" + v.name()).contains(scenario.get(v.name()));
    }
    List<String> empty = new ArrayList<>();
    List<Panel> panels = dashboard.panels();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(4);
    for (Panel panel : panels) {
      assertThat(panel.queries()).as("queries of panel " + panel.title()).isNotEmpty();
      for (String query : panel.queries()) {
        for (Map<String, String> values : List.of(scenario, all)) {
          String promql = GrafanaDashboard.substitute(query, values);
          if (prometheus.query(promql).isEmpty()) {
            empty.add(panel.title() + ": " + promql);
          }
        }
      }
    }
    assertThat(empty).as("panels whose query returned nothing").isEmpty();

    // and they show what happened: payment_api OPEN (2 on the state timeline), ledger_db CLOSED
    assertThat(panelValues(dashboard, "Open circuits", scenario)).containsExactly(1.0);
    assertThat(panelValues(dashboard, "Circuit state", all)).containsExactlyInAnyOrder(2.0, 0.0);
  }

  /**
   * Waits until the active alerts are exactly {@code names}, each firing for payment_api and for
   * nothing else: an alert that never fires fails, and so does one that fires out of its scenario.
   */
  private void awaitAlerts(String... names) {
    List<String> expected = new ArrayList<>();
    for (String name : names) {
      expected.add(name + " firing for " + CONNECTION);
    }
    await("alerts " + expected).atMost(ALERT_DEADLINE).untilAsserted(() ->
        assertThat(prometheus.alerts()).as("active alerts; scrape errors: %s",
                prometheus.scrapeErrors())
            .extracting(a -> label(a, "alertname") + " "
                + a.get("state") + " for " + label(a, "connection"))
            .containsExactlyInAnyOrderElementsOf(expected));
  }

  private List<Double> panelValues(GrafanaDashboard dashboard, String title,
      Map<String, String> values) throws IOException, InterruptedException {
    Panel panel = dashboard.panels().stream().filter(p -> p.title().equals(title))
        .findFirst().orElseThrow(() -> new AssertionError("no panel " + title));
    List<Double> result = new ArrayList<>();
    for (Map<String, Object> sample : prometheus.query(
        GrafanaDashboard.substitute(panel.queries().get(0), values))) {
      result.add(Double.parseDouble((String) ((List<?>) sample.get("value")).get(1)));
    }
    return result;
  }

  private static String label(Map<String, Object> alert, String name) {
    return (String) ((Map<?, ?>) alert.get("labels")).get(name);
  }

  private void pay(int times, int status) throws IOException, InterruptedException {
    for (int i = 0; i < times; i++) {
      HttpResponse<String> response = post("/payments/order-" + i, "");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
