package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code brama.*} properties: YAML with bracketed ids, defaults, bad values failing start-up. */
class BramaPropertiesTest {
  private static final String ISSUE_EXAMPLE = """
      brama:
        max-attempts: 10
        expiry: 60s
        cleanup-interval: 10s
        connections:
          "[payment_api]": { type: http, scope: payment_services, max-attempts: 5 }
          "[flaky_service]": { expiry-strategy: progressive, initial-expiry: 5s, max-expiry: 5m, backoff-factor: 2.0 }
          "[orders.v2]": { type: grpc, metadata: { owner: team-orders } }
      """;

  private final ApplicationContextRunner runner = Contexts.runner();

  /** A manual clock for the Brama, through the customizer hook. */
  @Configuration(proxyBeanMethods = false)
  static class ManualClockConfig {
    static final ManualClock CLOCK = new ManualClock();

    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK);
    }
  }

  @Test
  void withoutPropertiesTheBramaHasTheCoreDefaultsAndNoConnections() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      assertThat(brama.statuses()).isEmpty();
      brama.register("x");
      assertThat(brama.status("x").maxAttempts()).isEqualTo(10);
    });
  }

  @Test
  void theIssueExampleRegistersEveryConnectionWithItsIdIntact() {
    runner.withInitializer(Contexts.yaml(ISSUE_EXAMPLE)).run(context -> {
      Brama brama = context.getBean(Brama.class);
      assertThat(brama.statuses()).extracting(ConnectionStatus::id)
          .containsExactly("flaky_service", "orders.v2", "payment_api");
      ConnectionStatus payment = brama.status("payment_api");
      assertThat(payment.type()).isEqualTo("http");
      assertThat(payment.scope()).isEqualTo("payment_services");
      assertThat(payment.maxAttempts()).isEqualTo(5);
      assertThat(brama.status("flaky_service").maxAttempts()).isEqualTo(10);
      assertThat(brama.status("orders.v2").metadata()).containsEntry("owner", "team-orders");
    });
  }

  @Test
  void progressiveExpiryFromYamlDoublesEachOpenOnTheInjectedClock() {
    runner.withUserConfiguration(ManualClockConfig.class)
        .withInitializer(Contexts.yaml(ISSUE_EXAMPLE)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          ManualClock clock = ManualClockConfig.CLOCK;
          for (int i = 0; i < 10; i++) {
            brama.failure("flaky_service", "down");
          }
          for (int open = 1; open <= 3; open++) {
            ConnectionStatus s = brama.status("flaky_service");
            assertThat(s.state()).isEqualTo(CircuitState.OPEN);
            Duration period = Duration.between(s.openedAt(), s.halfOpensAt());
            assertThat(period).isEqualTo(Duration.ofSeconds(5L << (open - 1)));
            clock.advance(period);
            assertThat(brama.available("flaky_service")).isTrue();
            brama.failure("flaky_service", "trial failed");
          }
        });
  }

  @Test
  void anIdWithADotNeedsBracketsAndWithoutThemStartUpFails() {
    runner.withInitializer(Contexts.yaml("""
        brama.connections:
          "[billing.v1]": { type: grpc }
        """)).run(context -> assertThat(context.getBean(Brama.class).status("billing.v1").type())
            .isEqualTo("grpc"));
    runner.withInitializer(Contexts.yaml("""
        brama.connections:
          orders.v2: { type: grpc }
        """)).run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("brama.connections.orders.v2.type"));
  }

  @Test
  void aMisspelledKeyFailsStartUp() {
    runner.withInitializer(Contexts.yaml("brama.max-atempts: 3")).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("brama.max-atempts"));
  }

  @Test
  void theBramaIsClosedWithTheContext() {
    AtomicReference<Brama> brama = new AtomicReference<>();
    runner.run(context -> brama.set(context.getBean(Brama.class)));
    assertThatThrownBy(() -> brama.get().register("late"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anApplicationsOwnBramaReplacesTheAutoConfiguredOne() {
    Brama own = Brama.builder().countCalls(true).build();
    runner.withBean(Brama.class, () -> own).withInitializer(Contexts.yaml(ISSUE_EXAMPLE))
        .run(context -> {
          assertThat(context).getBean(Brama.class).isSameAs(own);
          assertThat(own.isRegistered("payment_api")).isFalse();
        });
    own.close();
  }

  @Test
  void anOwnBramaThatCountsNoCallsFailsStartUpWhenMetricsAreOn() {
    runner.withBean(Brama.class, Brama::create).run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("build the application's Brama with "
            + "Brama.builder().countCalls(true), or set brama.metrics.enabled=false"));
    runner.withBean(Brama.class, Brama::create).withPropertyValues("brama.metrics.enabled=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void anOutOfRangeValueFailsStartUpNamingTheProperty() {
    runner.withInitializer(Contexts.yaml("""
        brama:
          max-attempts: 0
          connections:
            "[payment_api]": { half-open-trials: 0, expiry: -5s }
        """)).run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("brama.max-attempts='0' is invalid: maxAttempts must be >= 1, "
                + "was 0")
            .hasMessageContaining("brama.connections[payment_api].half-open-trials='0' is "
                + "invalid: halfOpenTrials must be >= 1, was 0")
            .hasMessageContaining("brama.connections[payment_api].expiry='PT-5S' is invalid: "
                + "expiry must be > 0"));
  }

  @Test
  void aDashboardPathThatCannotBeMountedFailsStartUpNamingIt() {
    for (String bad : new String[] {"brama", "/brama/", "/", "/ops/**", "/ops/{id}", "/a//b",
        "/../x", "/%2e"}) {
      runner.withPropertyValues("brama.dashboard.path=" + bad).run(context -> assertThat(context)
          .hasFailed().getFailure().rootCause().hasMessageContaining(
              "brama.dashboard.path must be a path such as /brama").hasMessageContaining(
              "was '" + bad + "'"));
    }
    runner.withPropertyValues("brama.dashboard.path=/ops/brama-1.0_x~y")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aValueOfTheWrongTypeFailsWithSpringsBindingError() {
    runner.withInitializer(Contexts.yaml("brama.expiry: soon")).run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("Failed to bind properties under 'brama.expiry'"));
    runner.withInitializer(Contexts.yaml("brama.connections: {\"[x]\": {failure-policy: "
        + "sometimes}}")).run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining(
                "Failed to bind properties under 'brama.connections[x].failure-policy'"));
  }

  @Test
  void rulesSpanningSeveralPropertiesAreChecked() {
    runner.withInitializer(Contexts.yaml("""
        brama:
          failure-policy: rate
          max-attempts: 5
          window-size: 20
          connections:
            "[flaky]": { expiry-strategy: progressive, initial-expiry: 5s }
            "[slow]": { slow-call-rate-threshold: 50 }
            "[odd]": { initial-expiry: 5s, record-exceptions: java.lang.String }
        """)).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("brama.max-attempts='5' applies only with "
                + "brama.failure-policy=consecutive, was rate")
            .hasMessageContaining("brama.failure-rate-threshold is required when "
                + "brama.failure-policy=rate, was not set")
            .hasMessageContaining("brama.connections[flaky].max-expiry is required when "
                + "brama.connections[flaky].expiry-strategy=progressive, was not set")
            .hasMessageContaining("brama.connections[slow].slow-call-rate-threshold='50.0' needs "
                + "brama.connections[slow].slow-call-threshold")
            .hasMessageContaining("brama.connections[odd].initial-expiry applies only with "
                + "brama.connections[odd].expiry-strategy=progressive, was set to '5s'")
            .hasMessageContaining("brama.connections[odd].record-exceptions='java.lang.String' "
                + "is invalid: java.lang.String is not a Throwable"));
  }

  @Test
  void aConnectionTakesTheRestOfItsPolicyAndStrategyFromTheDefaults() {
    runner.withUserConfiguration(ManualClockConfig.class).withInitializer(Contexts.yaml("""
        brama:
          failure-policy: rate
          failure-rate-threshold: 50
          window-size: 10
          expiry-strategy: progressive
          initial-expiry: 5s
          max-expiry: 1m
          connections:
            "[strict]": { failure-rate-threshold: 20, max-expiry: 10s }
            "[jittery]": { expiry-strategy: fixed, expiry-jitter: 0.1, failure-policy: consecutive }
        """)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          for (int i = 0; i < 2; i++) {
            brama.success("strict");
          }
          for (int i = 0; i < 8; i++) {
            brama.success("strict");
          }
          brama.failure("strict", "x");
          brama.failure("strict", "x");
          assertThat(brama.status("strict").state()).as("20 %% of a window of 10")
              .isEqualTo(CircuitState.OPEN);
          ConnectionStatus s = brama.status("strict");
          assertThat(Duration.between(s.openedAt(), s.halfOpensAt()))
              .isEqualTo(Duration.ofSeconds(5));
          for (int i = 0; i < 10; i++) {
            brama.failure("jittery", "x");
          }
          ConnectionStatus j = brama.status("jittery");
          assertThat(Duration.between(j.openedAt(), j.halfOpensAt()))
              .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
        });
  }

  @Test
  void aSlowCallThresholdUnderTheConsecutivePolicyIsABindingErrorNamingIt() {
    runner.withInitializer(Contexts.yaml("""
        brama.connections:
          "[slow]": { slow-call-threshold: 2s }
        """)).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("brama.connections[slow].slow-call-threshold='2s' needs a rate "
                + "policy (brama.connections[slow].failure-policy=rate or timed-rate), was "
                + "consecutive"));
  }

  @Test
  void aRatePolicyAndExceptionRulesAreBoundToTheCore() {
    runner.withInitializer(Contexts.yaml("""
        brama:
          connections:
            "[search]":
              failure-policy: rate
              failure-rate-threshold: 50
              window-size: 4
              ignore-exceptions: java.lang.IllegalArgumentException
        """)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          for (int i = 0; i < 4; i++) {
            try {
              brama.call("search", () -> {
                throw new IllegalArgumentException("bad query");
              });
            } catch (IllegalArgumentException expected) {
              // ignored by the policy: neither success nor failure
            }
          }
          assertThat(brama.status("search").window().calls()).isZero();
          brama.success("search");
          brama.success("search");
          brama.failure("search", "down");
          assertThat(brama.status("search").state()).isEqualTo(CircuitState.CLOSED);
          brama.failure("search", "down");
          assertThat(brama.status("search").state()).isEqualTo(CircuitState.OPEN);
        });
  }
}
