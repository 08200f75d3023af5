package io.brama.stress;

import static io.brama.fixtures.TestBrama.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.Permit;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link StressTest}'s sampler: {@code status()} is documented as "a consistent picture of
 * one connection at one moment", but it settles the state at one reading of the clock and computes
 * {@code retryAfter} at a second one. When time passes between the two (a real clock at an expiry
 * boundary; the ManualClock moved by another thread), an OPEN circuit reports {@code retryAfter}
 * zero, which says "a call would be admitted now", and a HALF_OPEN circuit with every trial slot
 * taken does the same. These tests make the clock tick once between the two readings.
 */
class StatusSnapshotTest {
  /** A clock that moves forward by {@code step} after every reading once {@link #tick} is set. */
  static final class TickingClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private volatile Duration step = Duration.ZERO;

    void set(Instant instant, Duration step) {
      now.set(instant);
      this.step = step;
    }

    @Override
    public Instant instant() {
      Duration s = step;
      return now.getAndUpdate(i -> i.plus(s));
    }
  }

  @Test
  void statusOfAnOpenCircuitNeverSaysRetryAfterZero() {
    TickingClock clock = new TickingClock();
    try (Brama brama = Brama.builder().clock(clock).config(BramaConfig.builder()
        .expiry(Duration.ofMillis(10)).build()).build()) {
      brama.register("a");
      brama.open("a"); // at T0: half-open at T0 + 10 ms
      clock.set(T0.plusMillis(9), Duration.ofMillis(1)); // readings: 9 ms, 10 ms, ...

      ConnectionStatus s = brama.status("a");

      assertThat(s.retryAfter().isZero())
          .as("retryAfter zero means a call would be admitted now, so the state cannot be OPEN: %s",
              s)
          .isEqualTo(s.state() != CircuitState.OPEN);
    }
  }

  @Test
  void statusOfAFullHalfOpenCircuitNeverSaysRetryAfterZero() {
    TickingClock clock = new TickingClock();
    try (Brama brama = Brama.builder().clock(clock).config(BramaConfig.builder()
        .expiry(Duration.ofMillis(10)).halfOpenTrials(1).build()).build()) {
      brama.register("a");
      brama.open("a");
      clock.set(T0.plusMillis(10), Duration.ZERO);
      Permit trial = brama.tryAcquire("a"); // granted at T0 + 10 ms: times out at T0 + 20 ms
      assertThat(trial.granted()).isTrue();
      clock.set(T0.plusMillis(19), Duration.ofMillis(1)); // readings: 19 ms, 20 ms, ...

      ConnectionStatus s = brama.status("a");

      boolean full = s.state() == CircuitState.HALF_OPEN && s.activeTrials() == 1;
      assertThat(s.retryAfter().isZero())
          .as("HALF_OPEN with its one slot taken admits nothing: retryAfter cannot be zero: %s", s)
          .isEqualTo(!full && s.state() != CircuitState.OPEN);
    }
  }
}
