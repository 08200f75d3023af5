package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import io.brama.Permit;
import io.brama.fixtures.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation first applies the moves that time alone has made (OPEN to HALF_OPEN at the expiry,
 * a trial failing at its deadline), even when nobody looked at the circuit since: the operation then
 * acts on the settled state. Each test advances the clock exactly to a deadline and then performs
 * one operation without reading the circuit first.
 */
class SettleFirstTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final Instant EXPIRES = T0.plus(EXPIRY);

  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;
  private EventRecorder rec;

  @BeforeEach
  void openAtT0() {
    brama = direct(clock, unswept(1, EXPIRY));
    rec = EventRecorder.subscribe(brama, EventType.STATE_CHANGE, EventType.CONFIGURED);
    brama.register("a");
    brama.failure("a", "down");
    rec.clear();
  }

  @Test
  void configureAtTheExpiryIsRecordedAgainstTheHalfOpenCircuit() {
    clock.set(EXPIRES);
    brama.configure("a", ConnectionConfig.empty());

    assertThat(rec.moves()).containsExactly("STATE_CHANGE OPEN->HALF_OPEN", "CONFIGURED ->HALF_OPEN");
    assertThat(rec.events().get(0).timestamp()).isEqualTo(EXPIRES);
  }

  @Test
  void resetAtTheExpiryClosesFromHalfOpen() {
    clock.set(EXPIRES);
    brama.reset("a", "operator");

    assertThat(rec.moves())
        .containsExactly("STATE_CHANGE OPEN->HALF_OPEN", "STATE_CHANGE HALF_OPEN->CLOSED");
    assertThat(rec.events().get(1).reason()).isEqualTo("operator");
  }

  @Test
  void manualOpenAtTheExpiryReopensTheHalfOpenCircuitWithAnEvent() {
    clock.set(EXPIRES);
    brama.open("a", "operator");

    assertThat(rec.moves())
        .containsExactly("STATE_CHANGE OPEN->HALF_OPEN", "STATE_CHANGE HALF_OPEN->OPEN");
    assertThat(rec.events().get(1).reason()).isEqualTo("operator");
    assertThat(rec.events().get(1).timestamp()).isEqualTo(EXPIRES);
    ConnectionStatus s = brama.status("a");
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.openedAt()).isEqualTo(EXPIRES);
  }

  @Test
  void manualOpenOfAnOpenCircuitBeforeTheExpiryEmitsNothing() {
    clock.set(EXPIRES.minusNanos(1));
    brama.open("a", "operator");

    assertThat(rec.events()).isEmpty();
    assertThat(brama.status("a").openedAt()).isEqualTo(EXPIRES.minusNanos(1));
  }

  @Test
  void aNameBasedSuccessAtTheTrialDeadlineIsALateAnswer() {
    clock.set(EXPIRES);
    Permit trial = brama.tryAcquire("a");
    assertThat(trial.granted()).isTrue();
    Instant deadline = EXPIRES.plus(EXPIRY);
    clock.set(deadline);

    brama.success("a"); // the trial failed at its deadline: nothing is left to complete

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.lastFailureAt()).isEqualTo(deadline);
    assertThat(s.lastFailureReason()).isEqualTo("half-open trial not completed within PT10S");
    assertThat(s.lastSuccessAt()).isEqualTo(deadline);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.halfOpensAt()).isEqualTo(deadline.plus(EXPIRY));
  }

  @Test
  void anIgnoredTrialAtItsDeadlineHasAlreadyFailed() {
    clock.set(EXPIRES);
    Permit trial = brama.tryAcquire("a");
    Instant deadline = EXPIRES.plus(EXPIRY);
    clock.set(deadline);

    trial.ignore();

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.activeTrials()).isZero();
    assertThat(s.lastFailureAt()).isEqualTo(deadline);
    assertThat(rec.moves()).containsExactly("STATE_CHANGE OPEN->HALF_OPEN",
        "STATE_CHANGE HALF_OPEN->OPEN");
    BramaEvent reopen = rec.events().get(1);
    assertThat(reopen.timestamp()).isEqualTo(deadline);
  }

  @Test
  void anIgnoredTrialJustBeforeItsDeadlineFreesItsSlot() {
    clock.set(EXPIRES);
    Permit trial = brama.tryAcquire("a");
    clock.set(EXPIRES.plus(EXPIRY).minusNanos(1));

    trial.ignore();

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isZero();
    assertThat(s.lastFailureAt()).isEqualTo(T0);
  }
}
