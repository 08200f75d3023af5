package io.brama.spring;

import java.time.Duration;

/**
 * Guarding the application's HTTP clients ({@code brama.http.*}, needs {@code brama-http} on the
 * class path): every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from
 * Boot's builders gets Brama in front of it when {@code enabled}. The rules are brama-http's
 * {@code HttpRules}; unset values take its defaults.
 */
public class HttpClientProperties {
  /** Put Brama in front of every builder-made RestClient, RestTemplate and WebClient. */
  private boolean enabled;
  /** The statuses that are failures: codes and ranges, e.g. {@code 500-599,408} (the default). */
  private String failureStatuses = "500-599,408";
  /** Whether a Retry-After on 429 and 503 opens the circuit for that long. */
  private boolean retryAfter = true;
  /** The longest wait a Retry-After may open for. */
  private Duration maxRetryAfter = Duration.ofMinutes(10);
  /** One connection id for every request; unset: one per host:port (the default). */
  private String connectionId;

  /** The defaults: off, 5xx and 408 failures, Retry-After honoured up to 10 minutes, by host. */
  public HttpClientProperties() {}

  /**
   * Whether every builder-made client is guarded.
   *
   * @return whether the clients are guarded
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether every builder-made client is guarded.
   *
   * @param enabled whether the clients are guarded
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The failure statuses, codes and ranges separated by commas.
   *
   * @return the failure statuses
   */
  public String getFailureStatuses() {
    return failureStatuses;
  }

  /**
   * Sets the failure statuses, e.g. {@code 500-599,408,429}.
   *
   * @param failureStatuses codes and ranges separated by commas
   */
  public void setFailureStatuses(String failureStatuses) {
    this.failureStatuses = failureStatuses;
  }

  /**
   * Whether Retry-After on 429 and 503 opens the circuit.
   *
   * @return whether Retry-After is honoured
   */
  public boolean isRetryAfter() {
    return retryAfter;
  }

  /**
   * Sets whether Retry-After on 429 and 503 opens the circuit.
   *
   * @param retryAfter whether Retry-After is honoured
   */
  public void setRetryAfter(boolean retryAfter) {
    this.retryAfter = retryAfter;
  }

  /**
   * The cap of a Retry-After.
   *
   * @return the longest wait a Retry-After may open for
   */
  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Sets the cap of a Retry-After.
   *
   * @param maxRetryAfter the longest wait a Retry-After may open for
   */
  public void setMaxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
  }

  /**
   * The one connection id of every request, or null for one per host:port.
   *
   * @return the fixed connection id, or null
   */
  public String getConnectionId() {
    return connectionId;
  }

  /**
   * Sets one connection id for every request; null for one per host:port.
   *
   * @param connectionId the fixed connection id, or null
   */
  public void setConnectionId(String connectionId) {
    this.connectionId = connectionId;
  }
}
