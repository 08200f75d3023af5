package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.fixtures.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link HealthChecks#jdbc} against a real PostgreSQL that the test stops and starts: the circuit
 * opens within the configured attempts while the database is down and closes after it returns.
 */
class PostgresHealthCheckTest {
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {postgres.port()});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    ds.setConnectTimeout(2);
    ds.setSocketTimeout(5);
    return ds;
  }

  @Test
  void theCircuitOpensWhilePostgresIsDownAndClosesWhenItReturns() throws Exception {
    HealthCheck check = HealthChecks.jdbc(dataSource(), Duration.ofSeconds(2));
    assertThat(check.check()).isEqualTo(Health.healthy());

    try (Brama brama = Brama.builder().config(BramaConfig.builder().maxAttempts(3)
        .expiry(Duration.ofMillis(500)).build()).build()) {
      brama.register("postgres", Registration.builder().type("jdbc").scope("storage").build());
      EventRecorder events = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.FAILURE, EventType.STATE_CHANGE), events);
      HealthMonitor monitor = brama.monitor("postgres", check, Duration.ofMillis(100),
          Duration.ofSeconds(3));
      await().atMost(Duration.ofSeconds(10)).until(() -> monitor.lastHealth() != null);
      assertThat(monitor.lastHealth().isHealthy()).isTrue();
      assertThat(brama.status("postgres").state()).isEqualTo(CircuitState.CLOSED);

      postgres.stop();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> brama.status("postgres").state() != CircuitState.CLOSED);
      assertThat(brama.status("postgres").lastFailureReason())
          .isInstanceOf(java.sql.SQLException.class);
      assertThat(brama.available("postgres")).isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> !events.of(EventType.STATE_CHANGE).isEmpty());
      // opened by exactly maxAttempts failed probes
      assertThat(events.types().subList(0, 4)).containsExactly(EventType.FAILURE,
          EventType.FAILURE, EventType.FAILURE, EventType.STATE_CHANGE);
      assertThat(events.of(EventType.STATE_CHANGE).get(0).newState()).isEqualTo(CircuitState.OPEN);

      postgres.restart();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> brama.status("postgres").state() == CircuitState.CLOSED);
      assertThat(brama.available("postgres")).isTrue();
    }
  }
}
