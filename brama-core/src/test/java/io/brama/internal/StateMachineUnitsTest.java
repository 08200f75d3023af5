package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.HealthMonitor;
import io.brama.Permit;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine's parts taken one at a time, from inside the package: the closed mark's
 * protocol, the generations, the probe's trial slots, the move checks, the sequence a removed
 * connection ends with.
 */
class StateMachineUnitsTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private final Brama brama = Brama.builder().clock(clock).eventExecutor(Runnable::run)
      .countCalls(true)
      .config(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY).halfOpenTrials(1)
          .cleanupInterval(Duration.ofHours(1)).build()).build();
  private final ConnectionCore core = (ConnectionCore) brama.register("a");

  @AfterEach
  void tearDown() {
    brama.close();
  }

  @Test
  void theClosedMarkFollowsTheStateAndNeverGoesBackToAnOlderVersion() {
    assertThat(core.markedClosed()).isTrue();
    int v = core.state.version;
    assertThat(core.closedMark).isEqualTo(v | 1);
    core.open("x");
    assertThat(core.markedClosed()).isFalse();
    core.reset("y");
    assertThat(core.markedClosed()).isTrue();
    int closed = core.state.version;
    assertThat(core.closedMark).isEqualTo(closed | 1);

    core.clearClosedMark(closed - 2); // an older version: a later one is marked
    assertThat(core.closedMark).isEqualTo(closed | 1);
    core.clearClosedMark(closed);
    assertThat(core.closedMark).isEqualTo(closed);
    core.clearClosedMark(closed); // already clear
    assertThat(core.closedMark).isEqualTo(closed);
    core.setClosedMark(closed - 2); // a delayed writer of an older CLOSED state
    assertThat(core.closedMark).isEqualTo(closed);
    core.setClosedMark(closed); // cleared because the swap out of it began: stays clear
    assertThat(core.closedMark).isEqualTo(closed);
    core.setClosedMark(closed + 2); // a later CLOSED state
    assertThat(core.closedMark).isEqualTo((closed + 2) | 1);
    core.setClosedMark(closed + 4); // set already: stays for the one it was set for
    assertThat(core.closedMark).isEqualTo((closed + 2) | 1);
  }

  @Test
  void theClosedMarkComparesVersionsAcrossTheWrap() {
    int last = Integer.MAX_VALUE - 1; // even: a version
    core.closedMark = last; // cleared at the last version before the wrap
    core.setClosedMark(last + 2); // wraps to Integer.MIN_VALUE: still later
    assertThat(core.closedMark).isEqualTo((last + 2) | 1);
    core.clearClosedMark(last); // older than the one marked
    assertThat(core.closedMark).isEqualTo((last + 2) | 1);
  }

  @Test
  void everyStateEnteredIsANewGeneration() {
    long closed = core.state.generation;
    core.failure("down");
    long open = core.state.generation;
    clock.advance(EXPIRY);
    core.state(); // nobody watches: the next look makes the move
    long halfOpen = core.state.generation;
    assertThat(core.state).isInstanceOf(HalfOpen.class);
    assertThat(open).isGreaterThan(closed);
    assertThat(halfOpen).isGreaterThan(open);
  }

  @Test
  void aTimedMoveNobodyWatchesIsMadeByTheNextLookStampedWithItsOwnInstant() {
    withBramaLogAt(Level.WARNING, () -> { // the INFO log of state changes would watch
      core.failure("down");
      Instant expired = clock.instant().plus(EXPIRY);
      clock.advance(EXPIRY.multipliedBy(2));
      assertThat(core.state).isInstanceOf(Open.class); // no timer made the move
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(events::add);
      assertThat(core.state).isInstanceOf(HalfOpen.class); // the subscription looked
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.newState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(e.timestamp()).isEqualTo(expired);
      });
    });
  }

  @Test
  void aTimedMoveSomeoneWatchesIsMadeOnTimeByTheTimer() {
    withBramaLogAt(Level.WARNING, () -> {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), events::add);
      core.failure("down");
      clock.advance(EXPIRY.minusNanos(1));
      assertThat(core.state).isInstanceOf(Open.class);
      clock.advance(Duration.ofNanos(1));
      assertThat(core.state).isInstanceOf(HalfOpen.class); // the timer, without a look
      assertThat(events).extracting(BramaEvent::newState)
          .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
    });
  }

  @Test
  void theInfoLogWatchesTimedMovesToo() {
    withBramaLogAt(Level.INFO, () -> {
      core.failure("down");
      clock.advance(EXPIRY);
      assertThat(core.state).isInstanceOf(HalfOpen.class);
    });
  }

  private static void withBramaLogAt(Level level, Runnable test) {
    Logger log = Logger.getLogger("io.brama");
    Level before = log.getLevel();
    log.setLevel(level);
    try {
      test.run();
    } finally {
      log.setLevel(before);
    }
  }

  @Test
  void theProbeTakesNoMoreTrialsThanAllowedAndItsRefusalsAreNoRejections() {
    core.failure("down");
    clock.advance(EXPIRY);
    GatePermit first = core.probePermit();
    GatePermit second = core.probePermit();
    assertThat(first).isInstanceOf(TrialPermit.class);
    assertThat(second.granted()).isFalse();
    assertThat(core.calls().rejected()).isZero();
    assertThat(core.tryAcquire().granted()).isFalse();
    assertThat(core.calls().rejected()).isEqualTo(1);
  }

  @Test
  void aGateAtExactlyTheExpiryAdmitsTheTrial() {
    core.open("x", EXPIRY);
    ManualClock other = clock; // the timer fires at the expiry too; both ways give a trial
    other.advance(EXPIRY.minusNanos(1));
    assertThat(core.tryAcquire().granted()).isFalse();
    other.advance(Duration.ofNanos(1));
    assertThat(core.tryAcquire().granted()).isTrue();
  }

  @Test
  void anOldTrialPermitIgnoredLaterFreesNoSlotOfANewerHalfOpen() {
    core.failure("down");
    clock.advance(EXPIRY);
    Permit old = core.tryAcquire();
    core.open("again", EXPIRY);
    clock.advance(EXPIRY);
    Permit current = core.tryAcquire();
    assertThat(current.granted()).isTrue();
    old.ignore();
    assertThat(core.tryAcquire().granted()).isFalse(); // the one slot is still taken
    current.success();
    assertThat(core.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void movesAreCheckedWhereStatesAreEntered() {
    State closed = core.state;
    Change c = new Change(core, closed, clock.instant().getEpochSecond() * 1_000_000_000L, 0);
    assertThatThrownBy(() -> Closed.enter(c, closed, Move.MANUAL_CLOSE, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("illegal move MANUAL_CLOSE from CLOSED");
    assertThatThrownBy(() -> Open.enter(c, closed, Move.HALF_OPEN_TO_OPEN_BY_TRIAL, 0, null, 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.stateChange(CircuitState.CLOSED, CircuitState.HALF_OPEN, null, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("illegal state change CLOSED -> HALF_OPEN");
  }

  @Test
  void aRemovedConnectionEndsWithItsLastSequenceAndTakesNoMonitor() {
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    brama.subscribe(events::add);
    core.failure("down");
    clock.advance(EXPIRY);
    brama.unregister("a");
    assertThat(events).isNotEmpty();
    assertThat(core.lastSequence()).isEqualTo(events.get(events.size() - 1).sequence());
    assertThat(core.monitored(true)).isFalse();
    assertThat(core.removed()).isTrue();
    assertThat(core.retryAfterNanos()).isZero();
  }

  @Test
  void aMonitoredCircuitIsMarkedAndUnmarked() {
    HealthMonitor monitor = brama.monitor("a", io.brama.Health::healthy, Duration.ofHours(1));
    assertThat(core.state.monitored).isTrue();
    monitor.stop();
    assertThat(core.state.monitored).isFalse();
  }

  @Test
  void theLastSuccessNeverMovesBackWhenTheClockDoes() {
    core.success();
    Instant first = core.status().lastSuccessAt();
    clock.set(first.minusSeconds(60));
    core.success();
    core.failure("x");
    core.success();
    assertThat(core.status().lastSuccessAt()).isEqualTo(first);
  }
}
