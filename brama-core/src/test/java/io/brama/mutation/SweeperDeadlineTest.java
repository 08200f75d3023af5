package io.brama.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.EventType;
import io.brama.Permit;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sweeper makes the timed moves on its own, exactly at the deadline (now >= deadline), for a
 * clock on either side of 1970 (epoch nanoseconds are negative before it). Nothing but the sweeper
 * reads the circuit while the test waits for the event.
 */
class SweeperDeadlineTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AutoClose
  private Brama brama;

  private EventRecorder start(ManualClock clock) {
    brama = TestBrama.direct(clock,
        TestBrama.config(1, EXPIRY).cleanupInterval(Duration.ofMillis(5)));
    EventRecorder rec = EventRecorder.subscribe(brama, EventType.STATE_CHANGE);
    brama.register("a");
    return rec;
  }

  private static BramaEvent awaitMove(EventRecorder rec, int index) {
    await().atMost(WAIT).until(() -> rec.events().size() > index);
    return rec.events().get(index);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01T00:00:00Z", "1969-07-20T20:17:40Z"})
  void theSweeperTurnsAnOpenCircuitHalfOpenAtTheExpiry(String start) {
    Instant t0 = Instant.parse(start);
    ManualClock clock = new ManualClock(t0);
    EventRecorder rec = start(clock);
    brama.failure("a", "down");
    assertThat(awaitMove(rec, 0).newState()).hasToString("OPEN");

    clock.set(t0.plus(EXPIRY));

    BramaEvent e = awaitMove(rec, 1);
    assertThat(EventRecorder.move(e)).isEqualTo("STATE_CHANGE OPEN->HALF_OPEN");
    assertThat(e.timestamp()).isEqualTo(t0.plus(EXPIRY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01T00:00:00Z", "1969-07-20T20:17:40Z"})
  void theSweeperFailsATrialAtItsDeadline(String start) {
    Instant t0 = Instant.parse(start);
    ManualClock clock = new ManualClock(t0);
    EventRecorder rec = start(clock);
    brama.failure("a", "down");
    clock.set(t0.plus(EXPIRY));
    Permit trial = brama.tryAcquire("a");
    assertThat(trial.granted()).isTrue();
    assertThat(awaitMove(rec, 1).newState()).hasToString("HALF_OPEN");

    Instant deadline = t0.plus(EXPIRY).plus(EXPIRY);
    clock.set(deadline);

    BramaEvent e = awaitMove(rec, 2);
    assertThat(EventRecorder.move(e)).isEqualTo("STATE_CHANGE HALF_OPEN->OPEN");
    assertThat(e.timestamp()).isEqualTo(deadline);
    assertThat(e.reason()).isEqualTo("half-open trial not completed within PT10S");
  }
}
