package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.Permit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Freeing one of several outstanding trial slots keeps the others exactly as they were: their
 * grant times (which decide their deadlines and retryAfter) and their identity.
 */
class TrialSlotsTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final Instant HALF_OPEN = T0.plus(EXPIRY);

  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;
  private final Permit[] trials = new Permit[3];

  /** Three trials granted at HALF_OPEN, +1 s and +2 s. */
  @BeforeEach
  void threeTrials() {
    brama = direct(clock, unswept(1, EXPIRY).halfOpenTrials(3));
    brama.register("a");
    brama.failure("a", "down");
    clock.set(HALF_OPEN);
    for (int i = 0; i < 3; i++) {
      trials[i] = brama.tryAcquire("a");
      assertThat(trials[i].granted()).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }
    // now HALF_OPEN + 3 s
  }

  @Test
  void freeingTheOldestSlotKeepsTheYoungerGrantTimes() {
    trials[0].ignore();

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isEqualTo(2);
    assertThat(brama.tryAcquire("a").granted()).isTrue(); // slots full again
    // the oldest outstanding trial is now the one granted at +1 s
    assertThat(brama.status("a").retryAfter()).isEqualTo(Duration.ofSeconds(8));

    clock.set(HALF_OPEN.plusSeconds(11).minusNanos(1));
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.HALF_OPEN);
    clock.set(HALF_OPEN.plusSeconds(11));
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void freeingTheMiddleSlotKeepsTheOthersAndTheirOwnCompletions() {
    trials[1].ignore();

    assertThat(brama.status("a").activeTrials()).isEqualTo(2);
    assertThat(brama.tryAcquire("a").granted()).isTrue();
    assertThat(brama.status("a").retryAfter()).isEqualTo(Duration.ofSeconds(7));

    trials[0].ignore();
    // the oldest outstanding trial is now the one granted at +2 s
    assertThat(brama.status("a").activeTrials()).isEqualTo(2);
    assertThat(brama.tryAcquire("a").granted()).isTrue();
    assertThat(brama.status("a").retryAfter()).isEqualTo(Duration.ofSeconds(9));

    trials[2].success();
    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.activeTrials()).isZero();
  }
}
