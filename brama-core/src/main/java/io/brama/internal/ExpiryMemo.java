package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ExpiryStrategy;
import java.time.Duration;

/**
 * The expiry strategy's answer for one open decision, asked once and kept for the retries of the
 * same computation (a strategy with jitter must not be asked twice); a strategy that throws or
 * answers nonsense is logged and the last valid expiry used.
 */
record ExpiryMemo(ExpiryStrategy strategy, int opens, long generation, long nanos) {
  private static final long DEFAULT_EXPIRY = Nanos.of(BramaConfig.defaults().expiry());

  /** Whether this memo answers the same question. */
  boolean answers(ExpiryStrategy strategy, int opens, long generation) {
    return this.strategy == strategy && this.opens == opens && this.generation == generation;
  }

  /** Asks {@code strategy} for the {@code opens}-th open period of {@code core}. */
  static ExpiryMemo ask(ConnectionCore core, ExpiryStrategy strategy, int opens, long generation,
      long fallback) {
    long nanos = fallback == Nanos.NONE ? DEFAULT_EXPIRY : fallback;
    try {
      Duration d = strategy.expiryAfter(opens);
      if (d == null || d.isZero() || d.isNegative()) {
        core.engine().logError("expiry strategy " + Safe.describe(strategy) + " of connection '"
            + core.id() + "' returned " + d + " for open #" + opens
            + "; expiry must be > 0. Using the last valid expiry " + Duration.ofNanos(nanos), null);
      } else {
        nanos = Nanos.of(d);
      }
    } catch (Throwable e) {
      core.engine().logError("expiry strategy " + Safe.describe(strategy) + " of connection '"
          + core.id() + "' threw for open #" + opens + "; using the last valid expiry "
          + Duration.ofNanos(nanos), e);
    }
    return new ExpiryMemo(strategy, opens, generation, nanos);
  }
}
