package io.brama.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * What an HTTP exchange records, for every Brama client module: which statuses are failures,
 * whether a {@code Retry-After} on 429 and 503 opens the circuit and for at most how long, and how
 * a request maps to a connection id. Immutable and thread-safe; {@link #defaults()} or
 * {@link #builder()}.
 */
public final class HttpRules {
  private static final IntPredicate SERVER_ERROR_OR_TIMEOUT =
      status -> status >= 500 && status <= 599 || status == 408;
  private static final HttpRules DEFAULTS = new Builder().build();

  private final IntPredicate failureStatus;
  private final boolean retryAfter;
  private final Duration maxRetryAfter;
  private final ConnectionIds connectionIds;

  private HttpRules(Builder b) {
    this.failureStatus = b.failureStatus;
    this.retryAfter = b.retryAfter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.connectionIds = b.connectionIds;
  }

  /**
   * 5xx and 408 fail, every other status succeeds; {@code Retry-After} honoured, capped at 10
   * minutes; one connection per {@code host:port}.
   *
   * @return the default rules
   */
  public static HttpRules defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Which response statuses are failures; any other status is a success (the remote answered).
   *
   * @return the failure test
   */
  public IntPredicate failureStatus() {
    return failureStatus;
  }

  /**
   * Whether a valid {@code Retry-After} on a 429 or 503 opens the circuit for that long.
   *
   * @return whether {@code Retry-After} is honoured
   */
  public boolean retryAfter() {
    return retryAfter;
  }

  /**
   * The longest a {@code Retry-After} opens the circuit; a longer one is cut to this.
   *
   * @return the cap, positive
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * How a request maps to a connection id.
   *
   * @return the mapping
   */
  public ConnectionIds connectionIds() {
    return connectionIds;
  }

  @Override
  public String toString() {
    return "HttpRules[failureStatus=" + (failureStatus == SERVER_ERROR_OR_TIMEOUT
        ? "5xx or 408" : failureStatus) + ", retryAfter=" + retryAfter + ", maxRetryAfter="
        + maxRetryAfter + ", connectionIds=" + connectionIds + "]";
  }

  /** Builds {@link HttpRules}; every setting starts at its default. */
  public static final class Builder {
    private IntPredicate failureStatus = SERVER_ERROR_OR_TIMEOUT;
    private boolean retryAfter = true;
    private Duration maxRetryAfter = Duration.ofMinutes(10);
    private ConnectionIds connectionIds = ConnectionIds.byHost();

    private Builder() {}

    /**
     * Which statuses are failures (default: 500 to 599 and 408); the others are successes.
     *
     * @param failureStatus true for a failing status code
     * @return this builder
     */
    public Builder failureStatus(IntPredicate failureStatus) {
      this.failureStatus = Objects.requireNonNull(failureStatus, "failureStatus must not be null");
      return this;
    }

    /**
     * Whether a {@code Retry-After} on 429 and 503 opens the circuit for that long (default true).
     *
     * @param retryAfter false to classify such responses by their status only
     * @return this builder
     */
    public Builder retryAfter(boolean retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * The longest a {@code Retry-After} opens the circuit (default 10 minutes).
     *
     * @param maxRetryAfter the cap; positive
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter must not be null");
      if (maxRetryAfter.isNegative() || maxRetryAfter.isZero()) {
        throw new IllegalArgumentException("maxRetryAfter must be > PT0S, was " + maxRetryAfter);
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * How a request maps to a connection id (default {@link ConnectionIds#byHost()}).
     *
     * @param connectionIds the mapping
     * @return this builder
     */
    public Builder connectionIds(ConnectionIds connectionIds) {
      this.connectionIds = Objects.requireNonNull(connectionIds, "connectionIds must not be null");
      return this;
    }

    /**
     * The rules set so far.
     *
     * @return immutable rules
     */
    public HttpRules build() {
      return new HttpRules(this);
    }
  }
}
