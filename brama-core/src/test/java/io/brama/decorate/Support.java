package io.brama.decorate;

import io.brama.Brama;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;

/** The decorator tests' settings: two failures open a circuit for ten seconds, one trial. */
final class Support {
  static final int MAX_ATTEMPTS = 2;
  static final Duration EXPIRY = Duration.ofSeconds(10);

  private Support() {}

  static Brama newBrama(ManualClock clock) {
    return TestBrama.newBrama(clock, TestBrama.config(MAX_ATTEMPTS, EXPIRY).halfOpenTrials(1));
  }
}
