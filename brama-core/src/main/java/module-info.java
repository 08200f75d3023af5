/**
 * Brama: a registry of named connections, each guarded by a circuit breaker.
 *
 * <p>The public API is in {@code io.brama}; {@code io.brama.testing} holds test helpers such as
 * {@link io.brama.testing.ManualClock}; {@code io.brama.spi} is for modules that share state between
 * instances. Everything else is internal.
 */
module io.brama {
  requires java.net.http; // HealthChecks.http
  requires static java.sql; // HealthChecks.jdbc: callers that pass a DataSource have it
  requires static jdk.jfr; // the io.brama.StateChange and io.brama.Rejected events, when present

  exports io.brama;
  exports io.brama.testing;
  exports io.brama.spi;
}
