package io.brama;

import java.time.Duration;

/**
 * A running {@link HealthCheck} on one connection, returned by
 * {@link Brama#monitor(String, HealthCheck, Duration)}. Stopping it (or closing it, or unregistering
 * the connection, or closing the Brama) ends the probes and gives the half-open trial back to
 * traffic.
 */
public interface HealthMonitor extends AutoCloseable {
  /** The monitored connection. */
  String id();

  /** Time between the starts of two probes. */
  Duration interval();

  /** How long one probe may run before it counts as failed and is interrupted. */
  Duration timeout();

  /** What the latest finished probe found; null before the first one finishes. */
  Health lastHealth();

  /** How many probes have run to the end (the check returned or threw) so far. */
  long probes();

  /** Whether probes are still scheduled. */
  boolean isRunning();

  /** Stops probing; a probe in flight is interrupted and its answer ignored. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
