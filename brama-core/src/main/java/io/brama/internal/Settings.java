package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;

/** A connection's effective configuration: its overrides applied over the global defaults. */
public record Settings(int maxAttempts, ExpiryStrategy expiryStrategy, int halfOpenTrials) {

  /** The global defaults. */
  public static Settings of(BramaConfig config) {
    return new Settings(config.maxAttempts(), config.expiryStrategy(), config.halfOpenTrials());
  }

  /** These settings with every value that {@code overrides} sets replaced. */
  public Settings with(ConnectionConfig overrides) {
    return new Settings(
        overrides.maxAttempts().orElse(maxAttempts),
        overrides.expiryStrategy().orElse(expiryStrategy),
        overrides.halfOpenTrials().orElse(halfOpenTrials));
  }
}
