package io.brama.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters against a real SimpleMeterRegistry, and the Prometheus text they scrape to. */
class BramaMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ManualClock clock = new ManualClock();
  private final Brama brama = Brama.builder().clock(clock).countCalls(true)
      .config(BramaConfig.builder().maxAttempts(2).expiry(Duration.ofSeconds(10)).build())
      .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    brama.close();
  }

  private double calls(String id, String outcome) {
    FunctionCounter c = registry.find(MeterNames.CALLS).tag("connection", id)
        .tag("outcome", outcome).functionCounter();
    return c == null ? -1 : c.count();
  }

  private double state(String id, String state) {
    Gauge g = registry.find(MeterNames.STATE).tag("connection", id).tag("state", state).gauge();
    return g == null ? -1 : g.value();
  }

  @Test
  void bindsExistingAndLaterConnectionsWithTheirTags() {
    brama.register("payment_api", Registration.builder().type("http").scope("payment_services")
        .build());
    new BramaMetrics(brama, Tags.of("app", "shop")).bindTo(registry);
    brama.register("ledger_db");

    assertThat(registry.find(MeterNames.STATE).tags("connection", "payment_api", "type", "http",
        "scope", "payment_services", "app", "shop").gauges()).hasSize(3);
    await().atMost(WAIT).until(() -> calls("ledger_db", "success") == 0);
    assertThat(registry.find(MeterNames.FAILURES).tags("connection", "ledger_db", "type", "none",
        "scope", "none").gauge()).isNotNull();
  }

  @Test
  void countsStatesFailuresAndTransitions() {
    brama.register("api");
    new BramaMetrics(brama).bindTo(registry);
    brama.call("api", () -> "ok");
    brama.failure("api", "down");
    assertThat(calls("api", "success")).isEqualTo(1);
    assertThat(calls("api", "failure")).isEqualTo(1);
    assertThat(registry.find(MeterNames.FAILURES).tag("connection", "api").gauge().value())
        .isEqualTo(1);
    assertThat(state("api", "closed")).isEqualTo(1);

    brama.failure("api", "down");
    assertThat(brama.available("api")).isFalse();
    assertThat(state("api", "open")).isEqualTo(1);
    assertThat(state("api", "closed")).isZero();
    assertThat(calls("api", "rejected")).isEqualTo(1);
    await().atMost(WAIT).until(() -> {
      Counter c = registry.find(MeterNames.TRANSITIONS).tags("connection", "api", "from",
          "closed", "to", "open").counter();
      return c != null && c.count() == 1;
    });

    clock.advance(Duration.ofSeconds(10));
    assertThat(state("api", "half_open")).isEqualTo(1);
    brama.tryAcquire("api").success();
    assertThat(state("api", "closed")).isEqualTo(1);
    await().atMost(WAIT).until(() -> {
      Counter c = registry.find(MeterNames.TRANSITIONS).tags("connection", "api", "from",
          "half_open", "to", "closed").counter();
      return c != null && c.count() == 1;
    });
  }

  @Test
  void unregisteringRemovesEveryMeterOfTheConnection() {
    brama.register("gone");
    brama.register("stays");
    new BramaMetrics(brama).bindTo(registry);
    brama.failure("gone");
    brama.failure("gone"); // a transition counter too
    await().atMost(WAIT).until(() -> registry.find(MeterNames.TRANSITIONS)
        .tag("connection", "gone").counter() != null);

    brama.unregister("gone");
    await().atMost(WAIT).until(() -> registry.find(MeterNames.STATE).tag("connection", "gone")
        .meters().isEmpty());
    assertThat(registry.getMeters()).noneMatch(m -> "gone".equals(m.getId().getTag("connection")));
    assertThat(registry.getMeters()).anyMatch(m -> "stays".equals(m.getId().getTag("connection")));

    brama.register("gone"); // a new connection under the same id gets fresh meters
    await().atMost(WAIT).until(() -> calls("gone", "failure") == 0);
  }

  @Test
  void closeRemovesEverything() {
    brama.register("a");
    BramaMetrics metrics = new BramaMetrics(brama);
    metrics.bindTo(registry);
    assertThat(registry.getMeters()).isNotEmpty();
    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void refusesABramaThatDoesNotCountCalls() {
    try (Brama plain = Brama.create()) {
      assertThatThrownBy(() -> new BramaMetrics(plain))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("countCalls(true)");
    }
  }

  @Test
  void scrapesToPrometheusNamesAndTags() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    brama.register("payment_api", Registration.builder().type("http").scope("payment_services")
        .build());
    new BramaMetrics(brama).bindTo(prometheus);
    brama.call("payment_api", () -> "ok");
    brama.failure("payment_api", "x");
    brama.failure("payment_api", "x");
    await().atMost(WAIT).until(() -> prometheus.scrape().contains("brama_transitions_total"));

    String text = prometheus.scrape();
    assertThat(text).contains("brama_calls_total{connection=\"payment_api\",outcome=\"success\","
        + "scope=\"payment_services\",type=\"http\"} 1.0");
    assertThat(text).contains("brama_calls_total{connection=\"payment_api\",outcome=\"failure\","
        + "scope=\"payment_services\",type=\"http\"} 2.0");
    assertThat(text).contains("brama_connection_state{connection=\"payment_api\","
        + "scope=\"payment_services\",state=\"open\",type=\"http\"} 1.0");
    assertThat(text).contains("brama_transitions_total{connection=\"payment_api\",from=\"closed\","
        + "scope=\"payment_services\",to=\"open\",type=\"http\"} 1.0");
    assertThat(text).contains("brama_connection_failures{connection=\"payment_api\"");
  }
}
