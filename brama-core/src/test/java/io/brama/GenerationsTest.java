package io.brama;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitMarker;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.fixtures.TestBrama.config;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.fixtures.EventRecorder;
import io.brama.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Rules G1, G2, G3 and S11: generations, late answers, and how often a permit counts. */
class GenerationsTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  @AutoClose
  private Brama brama;

  private Circuit register(int maxAttempts, int halfOpenTrials) {
    brama = newBrama(clock, config(maxAttempts, EXPIRY).halfOpenTrials(halfOpenTrials));
    return brama.register("a");
  }

  @Test
  void aClosedPermitCompletedAfterTheCircuitOpenedIsALateAnswer() {
    Circuit c = register(2, 1);
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.SUCCESS, EventType.FAILURE, EventType.STATE_CHANGE),
        rec);
    Permit inFlight = c.tryAcquire();
    c.failure("f1");
    c.failure("f2");                                   // opens at T0
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);

    clock.advance(Duration.ofSeconds(1));
    inFlight.failure("late failure");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plus(EXPIRY));
    assertThat(s.lastFailureAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.lastFailureReason()).isEqualTo("late failure");

    clock.advance(Duration.ofSeconds(1));
    inFlight.success();
    s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plus(EXPIRY));
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plusSeconds(2));

    awaitUntil(() -> rec.events().size() == 5);
    assertThat(rec.types()).containsExactly(EventType.FAILURE, EventType.FAILURE,
        EventType.STATE_CHANGE, EventType.FAILURE, EventType.SUCCESS);
    assertThat(rec.events().get(3).newState()).isEqualTo(CircuitState.OPEN);
    assertThat(rec.events().get(3).reason()).isEqualTo("late failure");
  }

  @Test
  void lateAnswersEmitTheirEventsWithTheCurrentState() {
    Circuit c = register(1, 1);
    Permit inFlight = c.tryAcquire();
    c.failure("f1");                                   // opens at T0
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.SUCCESS, EventType.FAILURE), rec);
    clock.advance(Duration.ofSeconds(1));
    inFlight.failure("late failure");
    inFlight.success();
    awaitUntil(() -> rec.events().size() == 2);
    assertThat(rec.types()).containsExactly(EventType.FAILURE, EventType.SUCCESS);
    assertThat(rec.events().get(0).reason()).isEqualTo("late failure");
    assertThat(rec.events()).allSatisfy(e -> {
      assertThat(e.newState()).isEqualTo(CircuitState.OPEN);
      assertThat(e.previousState()).isNull();
      assertThat(e.timestamp()).isEqualTo(T0.plusSeconds(1));
    });
  }

  @Test
  void aLateSuccessUpdatesLastSuccessAtEvenWithoutASuccessSubscriber() {
    Circuit c = register(1, 1);
    Permit inFlight = c.tryAcquire();
    c.failure("f1");                                   // opens at T0
    clock.advance(Duration.ofSeconds(1));
    inFlight.success();
    assertThat(c.status().lastSuccessAt()).isEqualTo(T0.plusSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    brama.success("a");
    assertThat(c.status().lastSuccessAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(c.status().state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aClosedPermitOfAnOlderClosedGenerationDoesNotCount() {
    Circuit c = register(2, 1);
    Permit old = c.tryAcquire();
    c.failure("f1");
    c.failure("f2");                                   // open
    clock.set(T0.plus(EXPIRY));
    Permit trial = c.tryAcquire();
    assertThat(trial.granted()).isTrue();

    // while HALF_OPEN, the old permit neither takes nor completes the trial slot
    old.failure("old-1");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isEqualTo(1);
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.lastFailureReason()).isEqualTo("old-1");
    old.success();
    assertThat(c.status().state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(c.status().activeTrials()).isEqualTo(1);

    trial.success();                                   // a new CLOSED generation
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
    old.failure("old-2");
    old.failure("old-3");
    s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isZero();
    assertThat(s.lastFailureReason()).isEqualTo("old-3");

    // a current failure still counts, and an old success does not reset it
    c.failure("new-1");
    old.success();
    assertThat(c.status().failureCount()).isEqualTo(1);
  }

  @Test
  void aTrialStartedBeforeAManualResetIsALateAnswer() {
    Circuit c = register(1, 1);
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit trial = c.tryAcquire();
    assertThat(trial.granted()).isTrue();
    brama.reset("a", "ops");
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);

    clock.advance(Duration.ofSeconds(1));
    trial.failure("trial failed late");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);   // maxAttempts 1: a counted failure would open
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isZero();
    assertThat(s.lastFailureAt()).isEqualTo(T0.plus(EXPIRY).plusSeconds(1));
    assertThat(s.lastFailureReason()).isEqualTo("trial failed late");
  }

  @Test
  void aTrialStartedBeforeAManualOpenIsALateAnswer() {
    Circuit c = register(1, 1);
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit trial = c.tryAcquire();
    brama.open("a", "ops");
    ConnectionStatus before = c.status();
    assertThat(before.state()).isEqualTo(CircuitState.OPEN);

    clock.advance(Duration.ofSeconds(1));
    trial.success();
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(before.consecutiveOpens());
    assertThat(s.openedAt()).isEqualTo(before.openedAt());
    assertThat(s.halfOpensAt()).isEqualTo(before.halfOpensAt());
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plus(EXPIRY).plusSeconds(1));
  }

  @Test
  void aTrialOfAnEarlierHalfOpenPeriodIsALateAnswer() {
    Circuit c = register(1, 1);
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit first = c.tryAcquire();                     // times out at T0+20s, reopens to T0+30s
    clock.set(T0.plusSeconds(30));
    Permit second = c.tryAcquire();
    assertThat(second.granted()).isTrue();

    first.success();
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isEqualTo(1);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    first.failure("old");
    assertThat(c.status().state()).isEqualTo(CircuitState.HALF_OPEN);

    second.success();
    assertThat(c.status().state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void outcomesReportedWhileOpenChangeNothingButTheLastTimes() {
    Circuit c = register(2, 1);
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE, EventType.CONFIGURED), rec);
    c.failure("f1");
    c.failure("f2");                                   // open at T0 until T0+10s

    for (int i = 1; i <= 5; i++) {
      clock.set(T0.plusSeconds(i));
      brama.failure("a", "while open " + i);
      c.failure();
      brama.success("a");
    }
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plus(EXPIRY));   // the timer was not restarted
    assertThat(s.lastFailureAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(s.lastFailureReason()).isNull();
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plusSeconds(5));

    clock.set(T0.plus(EXPIRY));
    assertThat(c.state()).isEqualTo(CircuitState.HALF_OPEN);
    awaitMarker(brama, "a", rec);
    assertThat(rec.events()).filteredOn(e -> e.type() == EventType.STATE_CHANGE)
        .extracting(BramaEvent::newState)
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
  }

  @Test
  void aTrialPermitCountsOnlyItsFirstCompletion() {
    Circuit c = register(1, 1);
    EventRecorder rec = new EventRecorder();
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit trial = c.tryAcquire();
    trial.success();
    // per-call events of the past were never built; STATE_CHANGE is not subscribed here
    brama.subscribe(EventFilter.of(EventType.SUCCESS, EventType.FAILURE, EventType.REJECTED,
        EventType.CONFIGURED), rec);
    clock.advance(Duration.ofSeconds(1));
    trial.failure("second completion");
    trial.success();
    trial.ignore();

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isZero();
    assertThat(s.lastFailureReason()).isEqualTo("f1");
    assertThat(s.lastFailureAt()).isEqualTo(T0);
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plus(EXPIRY));
    awaitMarker(brama, "a", rec);
    assertThat(rec.types()).containsExactly(EventType.CONFIGURED);
  }

  @Test
  void aFailedTrialPermitIgnoresLaterCompletions() {
    Circuit c = register(1, 1);
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit trial = c.tryAcquire();
    trial.failure("trial failed");
    clock.advance(Duration.ofSeconds(1));
    trial.success();
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.lastSuccessAt()).isNull();
    assertThat(s.lastFailureReason()).isEqualTo("trial failed");
  }

  @Test
  void anIgnoredTrialPermitIgnoresLaterCompletions() {
    Circuit c = register(1, 2);
    c.failure("f1");
    clock.set(T0.plus(EXPIRY));
    Permit first = c.tryAcquire();
    Permit second = c.tryAcquire();
    first.ignore();
    first.success();                                   // no-op: must not close the circuit
    first.failure("x");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.activeTrials()).isEqualTo(1);
    assertThat(s.lastSuccessAt()).isNull();
    assertThat(s.lastFailureReason()).isEqualTo("f1");
    second.success();
    assertThat(c.status().state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aSharedClosedPermitReportsEachCompletionAsGiven() {
    Circuit c = register(3, 1);
    Permit p1 = c.tryAcquire();
    Permit p2 = brama.tryAcquire("a");
    p1.failure("a1");
    p1.failure("a2");
    assertThat(c.status().failureCount()).isEqualTo(2);
    p2.success();
    assertThat(c.status().failureCount()).isZero();
    p1.failure("b1");
    p1.failure("b2");
    p1.ignore();                                       // records nothing
    assertThat(c.status().failureCount()).isEqualTo(2);
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
    p1.failure("b3");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.lastFailureReason()).isEqualTo("b3");
  }

  @Test
  void aClosedPermitSurvivesAResetOfAClosedCircuit() {
    Circuit c = register(2, 1);
    Permit p = c.tryAcquire();
    c.failure("f1");
    brama.reset("a");                                  // CLOSED: only clears the count
    assertThat(c.status().failureCount()).isZero();
    p.failure("f2");
    assertThat(c.status().failureCount()).isEqualTo(1);
    p.failure("f3");
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);
  }
}
