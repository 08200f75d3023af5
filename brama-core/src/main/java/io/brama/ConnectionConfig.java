package io.brama;

import io.brama.internal.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-connection overrides of {@link BramaConfig}. Values left unset inherit: from the global
 * defaults at registration, and from the connection's current values in
 * {@link Brama#configure(String, ConnectionConfig)}.
 */
public final class ConnectionConfig {
  private static final ConnectionConfig EMPTY = new Builder().build();

  private final Integer maxAttempts;
  private final ExpiryStrategy expiryStrategy;
  private final Integer halfOpenTrials;

  private ConnectionConfig(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.expiryStrategy = b.expiryStrategy;
    this.halfOpenTrials = b.halfOpenTrials;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A configuration that sets nothing. */
  public static ConnectionConfig empty() {
    return EMPTY;
  }

  /** The consecutive-failure threshold, if set. */
  public OptionalInt maxAttempts() {
    return maxAttempts == null ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
  }

  /** The expiry strategy, if set. */
  public Optional<ExpiryStrategy> expiryStrategy() {
    return Optional.ofNullable(expiryStrategy);
  }

  /** The number of concurrent half-open trials, if set. */
  public OptionalInt halfOpenTrials() {
    return halfOpenTrials == null ? OptionalInt.empty() : OptionalInt.of(halfOpenTrials);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionConfig c
        && Objects.equals(maxAttempts, c.maxAttempts)
        && Objects.equals(expiryStrategy, c.expiryStrategy)
        && Objects.equals(halfOpenTrials, c.halfOpenTrials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, expiryStrategy, halfOpenTrials);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ConnectionConfig[");
    String sep = "";
    if (maxAttempts != null) {
      sb.append("maxAttempts=").append(maxAttempts);
      sep = ", ";
    }
    if (expiryStrategy != null) {
      sb.append(sep).append("expiryStrategy=").append(expiryStrategy);
      sep = ", ";
    }
    if (halfOpenTrials != null) {
      sb.append(sep).append("halfOpenTrials=").append(halfOpenTrials);
    }
    return sb.append(']').toString();
  }

  /** Builds a {@link ConnectionConfig}; every setter validates at once. */
  public static final class Builder {
    private Integer maxAttempts;
    private ExpiryStrategy expiryStrategy;
    private Integer halfOpenTrials;

    private Builder() {}

    /** Consecutive failures that open the circuit; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** Shorthand for {@code expiryStrategy(ExpiryStrategy.fixed(expiry))}. */
    public Builder expiry(Duration expiry) {
      return expiryStrategy(ExpiryStrategy.fixed(expiry));
    }

    /** How long the circuit stays open; applies from the next open. */
    public Builder expiryStrategy(ExpiryStrategy expiryStrategy) {
      this.expiryStrategy = Require.notNull(expiryStrategy, "expiryStrategy");
      return this;
    }

    /** Trial calls admitted at once in HALF_OPEN; at least 1. */
    public Builder halfOpenTrials(int halfOpenTrials) {
      this.halfOpenTrials = Require.atLeast(halfOpenTrials, 1, "halfOpenTrials");
      return this;
    }

    /** The immutable configuration. */
    public ConnectionConfig build() {
      return new ConnectionConfig(this);
    }
  }
}
