package io.brama.examples;

import io.brama.Brama;
import io.brama.Health;
import io.brama.HealthChecks;
import io.brama.HealthMonitor;
import io.brama.Registration;
import java.net.URI;
import java.time.Duration;
import javax.sql.DataSource;

/** The snippet of docs/health-checks.md, kept here so that it compiles. */
@SuppressWarnings("unused")
final class HealthCheckExample {
  private HealthCheckExample() {}

  /** A queue client with a ping. */
  interface Queue {
    boolean ping();
  }

  static void watch(Brama brama, DataSource dataSource, Queue queue) {
    brama.register("ledger_db", Registration.builder().type("jdbc").scope("storage").build());
    HealthMonitor monitor = brama.monitor("ledger_db",
        HealthChecks.jdbc(dataSource, Duration.ofSeconds(2)),   // Connection.isValid
        Duration.ofSeconds(5));                                 // every 5 s; a probe may take 5 s
    brama.monitor("search", HealthChecks.http(URI.create("http://search:9200/_cluster/health"),
        Duration.ofSeconds(1)), Duration.ofSeconds(10), Duration.ofSeconds(2));
    brama.monitor("cache", HealthChecks.tcp("redis", 6379, Duration.ofMillis(500)), Duration.ofSeconds(2));
    brama.monitor("queue", () -> queue.ping() ? Health.healthy() : Health.unhealthy("no pong"),
        Duration.ofSeconds(3));
    monitor.stop();   // or close(); also stops on unregister and Brama.close()
  }
}
