package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.micrometer.BramaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Micrometer binding: counters switched on, meters bound by Boot, absent without Micrometer. */
class BramaMetricsTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
      .withInitializer(Contexts.yaml("""
          brama.connections:
            "[payment_api]": { type: http, scope: payment_services, max-attempts: 3 }
          """));

  @Test
  void bootBindsTheMetersToTheRegistryAndTheyReadTheCoreCounters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      Brama brama = context.getBean(Brama.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(brama.countsCalls()).isTrue();
      brama.call("payment_api", () -> "ok");
      brama.failure("payment_api", "x");
      brama.failure("payment_api", "x");

      assertThat(registry.get("brama.calls").tag("connection", "payment_api")
          .tag("outcome", "success").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("brama.calls").tag("outcome", "failure").tag("type", "http")
          .tag("scope", "payment_services").functionCounter().count()).isEqualTo(2.0);
      assertThat(registry.get("brama.connection.failures").tag("connection", "payment_api")
          .gauge().value()).isEqualTo(2.0);
    });
  }

  @Test
  void aPrometheusScrapeShowsTheNamesAndTags() {
    runner.withBean(PrometheusMeterRegistry.class,
        () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          for (int i = 0; i < 3; i++) {
            brama.failure("payment_api", "x");
          }
          brama.available("payment_api");
          String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();

          assertThat(scrape).contains("brama_calls_total{connection=\"payment_api\","
              + "outcome=\"failure\",scope=\"payment_services\",type=\"http\"} 3.0");
          assertThat(scrape).contains("brama_calls_total{connection=\"payment_api\","
              + "outcome=\"rejected\",scope=\"payment_services\",type=\"http\"} 1.0");
          assertThat(scrape).contains("brama_connection_state{connection=\"payment_api\","
              + "scope=\"payment_services\",state=\"open\",type=\"http\"} 1.0");
          // transitions are counted from STATE_CHANGE events, delivered on the event thread
          await().atMost(Duration.ofSeconds(5)).until(() -> context
              .getBean(PrometheusMeterRegistry.class).scrape().contains(
                  "brama_transitions_total{connection=\"payment_api\",from=\"closed\","
                  + "scope=\"payment_services\",to=\"open\",type=\"http\"} 1.0"));
        });
  }

  @Test
  void withoutMicrometerNoMetersAndNoCounters() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
      assertThat(context).doesNotHaveBean(BramaMetrics.class);
      assertThat(context.getBean(Brama.class).countsCalls()).isFalse();
    });
  }

  @Test
  void metricsCanBeSwitchedOff() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("brama.metrics.enabled=false").run(context -> {
          assertThat(context).doesNotHaveBean(BramaMetrics.class);
          assertThat(context.getBean(Brama.class).countsCalls()).isFalse();
          assertThat(context.getBean(MeterRegistry.class).find("brama.calls").meters()).isEmpty();
        });
  }
}
