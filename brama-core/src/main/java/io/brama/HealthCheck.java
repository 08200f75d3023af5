package io.brama;

/**
 * One active probe of a dependency, run by {@link Brama#monitor(String, HealthCheck, java.time.Duration)}.
 * Returning {@link Health#unhealthy(Object)} or throwing is a failed probe (the exception is the
 * failure reason); returning null is a failed probe too. Built-ins are in {@link HealthChecks}.
 *
 * <p>A probe may block (it runs on its own thread, a virtual thread where the JDK has them) and
 * should stop when interrupted: the monitor interrupts a probe that outlives its timeout.
 */
@FunctionalInterface
public interface HealthCheck {
  /**
   * Probes the dependency once.
   *
   * @return the probe's finding; null counts as unhealthy
   * @throws Exception when the probe fails; a failed probe with the exception as reason
   */
  Health check() throws Exception;
}
