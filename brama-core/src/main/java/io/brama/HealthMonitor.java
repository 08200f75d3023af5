package io.brama;

import io.brama.internal.ProbeLoop;
import java.time.Duration;

/**
 * A running {@link HealthCheck} on one connection, returned by
 * {@link Brama#monitor(String, HealthCheck, Duration)}. Stopping it (or closing it, or unregistering
 * the connection, or closing the Brama) ends the probes and gives the half-open trial back to
 * traffic.
 */
public sealed interface HealthMonitor extends AutoCloseable permits ProbeLoop {
  /**
   * The monitored connection.
   *
   * @return the connection's id
   */
  String id();

  /**
   * Time between the starts of two probes.
   *
   * @return the probe interval
   */
  Duration interval();

  /**
   * How long one probe may run before it counts as failed and is interrupted.
   *
   * @return the probe timeout
   */
  Duration timeout();

  /**
   * What the latest finished probe found; null before the first one finishes.
   *
   * @return the latest probe's finding, or null
   */
  Health lastHealth();

  /**
   * How many probes have run to the end (the check returned or threw) so far.
   *
   * @return the number of finished probes
   */
  long probes();

  /**
   * Whether probes are still scheduled.
   *
   * @return whether the monitor runs
   */
  boolean isRunning();

  /** Stops probing; a probe in flight is interrupted and its answer ignored. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
