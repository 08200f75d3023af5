package io.brama;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitMarker;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.fixtures.EventRecorder;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules S6, S7, S12, S13, S22, M1 and M2 (manual open and reset in every state) and Rules X1, X2
 * and X3 (expiry strategies).
 */
class ManualOperationsTest {
  private final ManualClock clock = new ManualClock();
  private final EventRecorder rec = new EventRecorder();
  private Brama brama;

  @AfterEach
  void closeBrama() {
    if (brama != null) { // progressiveExpiryValues makes none
      brama.close();
    }
  }

  /** A Brama whose connection "a" uses {@code strategy}; {@link #rec} sees its control events. */
  private Circuit register(int maxAttempts, ExpiryStrategy strategy) {
    brama = newBrama(clock,
        BramaConfig.builder().maxAttempts(maxAttempts).expiryStrategy(strategy));
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE, EventType.CONFIGURED), rec);
    return brama.register("a");
  }

  private Circuit fixed10() {
    return register(2, ExpiryStrategy.fixed(Duration.ofSeconds(10)));
  }

  private Circuit progressive() {
    return register(1, ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofSeconds(30), 2.0));
  }

  /** The STATE_CHANGE events up to a CONFIGURED marker: every earlier event arrived. */
  private List<BramaEvent> changesUpToMarker() {
    awaitMarker(brama, "a", rec);
    return rec.of(EventType.STATE_CHANGE);
  }

  private static void assertChange(BramaEvent e, CircuitState from, CircuitState to, Object reason,
      Instant at) {
    assertThat(e.type()).isEqualTo(EventType.STATE_CHANGE);
    assertThat(e.previousState()).isEqualTo(from);
    assertThat(e.newState()).isEqualTo(to);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.timestamp()).isEqualTo(at);
  }

  // ---- Rules S6, S12, S22, M1 and M2: open ----

  @Test
  void openFromClosedUsesTheStrategysNextExpiryAndClearsTheCount() {
    Circuit c = fixed10();
    c.failure("f1");
    Permit inFlight = c.tryAcquire();
    clock.advance(Duration.ofSeconds(3));
    brama.open("a", "maintenance");

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(13));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.available()).isFalse();
    // a manual open is a new generation: the CLOSED permit's answer is late
    inFlight.success();
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);

    assertThat(changesUpToMarker()).singleElement()
        .satisfies(e -> assertChange(e, CircuitState.CLOSED, CircuitState.OPEN, "maintenance",
            T0.plusSeconds(3)));
  }

  @Test
  void openWithoutAReasonCarriesNull() {
    Circuit c = fixed10();
    brama.open("a");
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);
    assertThat(changesUpToMarker()).singleElement()
        .satisfies(e -> assertChange(e, CircuitState.CLOSED, CircuitState.OPEN, null, T0));
  }

  @Test
  void openFromHalfOpenTakesTheNextBackoffStepAndDropsTheTrials() {
    Circuit c = progressive();
    c.failure("f1");                                   // 1st open: 5 s
    clock.set(T0.plusSeconds(5));
    Permit trial = c.tryAcquire();
    assertThat(trial.granted()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    brama.open("a", "ops");

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(6));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(16));
    assertThat(s.activeTrials()).isZero();
    trial.success();                                   // late
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);

    List<BramaEvent> changes = changesUpToMarker();
    assertThat(changes).hasSize(3);
    assertChange(changes.get(2), CircuitState.HALF_OPEN, CircuitState.OPEN, "ops",
        T0.plusSeconds(6));
  }

  @Test
  void openOnAnOpenCircuitRestartsThePeriodWithoutAStateChange() {
    Circuit c = progressive();
    c.failure("f1");                                   // open #1 until T0+5s
    clock.advance(Duration.ofSeconds(2));
    brama.open("a", "again");                          // open #2: 10 s from T0+2s

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(12));

    clock.set(T0.plusSeconds(12).minusNanos(1));
    assertThat(c.available()).isFalse();
    clock.set(T0.plusSeconds(12));
    assertThat(c.state()).isEqualTo(CircuitState.HALF_OPEN);

    List<BramaEvent> changes = changesUpToMarker();
    assertThat(changes).extracting(BramaEvent::newState)
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
    assertThat(changes.get(1).timestamp()).isEqualTo(T0.plusSeconds(12));
  }

  @Test
  void openWithADurationIsExactlyThatLongWithoutABackoffStep() {
    Circuit c = progressive();
    clock.advance(Duration.ofSeconds(1));
    brama.open("a", "Retry-After", Duration.ofSeconds(90));

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isZero();
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(91));
    assertThat(c.tryAcquire().retryAfter()).isEqualTo(Duration.ofSeconds(90));

    // the next automatic step is still the first one
    clock.set(T0.plusSeconds(91));
    c.tryAcquire().failure("trial failed");
    s = c.status();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(96));

    assertChange(changesUpToMarker().get(0), CircuitState.CLOSED, CircuitState.OPEN,
        "Retry-After", T0.plusSeconds(1));
  }

  @Test
  void openWithADurationOnAnOpenOrHalfOpenCircuit() {
    Circuit c = progressive();
    c.failure("f1");
    c.failure("f2");
    assertThat(c.status().consecutiveOpens()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    brama.open("a", "Retry-After", Duration.ofMillis(2500));   // OPEN: restart, no event
    ConnectionStatus s = c.status();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusMillis(3500));

    clock.set(T0.plusMillis(3500));
    assertThat(c.state()).isEqualTo(CircuitState.HALF_OPEN);
    brama.open("a", "Retry-After", Duration.ofMinutes(2));     // HALF_OPEN -> OPEN
    s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusMillis(3500).plusSeconds(120));

    List<BramaEvent> changes = changesUpToMarker();
    assertThat(changes).extracting(BramaEvent::newState).containsExactly(
        CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN);
    assertChange(changes.get(2), CircuitState.HALF_OPEN, CircuitState.OPEN, "Retry-After",
        T0.plusMillis(3500));
  }

  // ---- Rules S7, S13 and S22: reset ----

  @Test
  void resetFromOpenClosesAndClearsCountsAndBackoff() {
    Circuit c = progressive();
    c.failure("f1");
    clock.set(T0.plusSeconds(5));
    c.tryAcquire().failure("f2");                      // open #2 until T0+15s
    assertThat(c.status().consecutiveOpens()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    brama.reset("a", "fixed by ops");

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isZero();
    assertThat(s.openedAt()).isNull();
    assertThat(s.halfOpensAt()).isNull();
    assertThat(s.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(c.available()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    c.failure("f3");                                   // back to the first step: 5 s
    assertThat(c.status().consecutiveOpens()).isEqualTo(1);
    assertThat(c.status().halfOpensAt()).isEqualTo(T0.plusSeconds(12));

    List<BramaEvent> changes = changesUpToMarker();
    assertThat(changes).extracting(BramaEvent::newState).containsExactly(CircuitState.OPEN,
        CircuitState.HALF_OPEN, CircuitState.OPEN, CircuitState.CLOSED, CircuitState.OPEN);
    assertChange(changes.get(3), CircuitState.OPEN, CircuitState.CLOSED, "fixed by ops",
        T0.plusSeconds(6));
  }

  @Test
  void resetFromHalfOpenCloses() {
    Circuit c = progressive();
    c.failure("f1");
    clock.set(T0.plusSeconds(5));
    assertThat(c.available()).isTrue();                // a trial slot is taken
    brama.reset("a");

    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.activeTrials()).isZero();
    assertThat(s.consecutiveOpens()).isZero();

    List<BramaEvent> changes = changesUpToMarker();
    assertThat(changes).hasSize(3);
    assertChange(changes.get(2), CircuitState.HALF_OPEN, CircuitState.CLOSED, null,
        T0.plusSeconds(5));
  }

  @Test
  void resetOnAClosedCircuitOnlyClearsTheCountWithoutAnEvent() {
    Circuit c = fixed10();
    c.failure("f1");
    assertThat(c.status().failureCount()).isEqualTo(1);
    brama.reset("a", "why not");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isZero();
    assertThat(s.lastFailureReason()).isEqualTo("f1");
    brama.reset("a");
    assertThat(changesUpToMarker()).isEmpty();
  }

  // ---- Rules X1, X2 and X3 ----

  @Test
  void progressiveExpiryValues() {
    ExpiryStrategy p = ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0);
    assertThat(p.expiryAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.expiryAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.expiryAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.expiryAfter(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.expiryAfter(6)).isEqualTo(Duration.ofSeconds(160));
    assertThat(p.expiryAfter(7)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.expiryAfter(1000)).isEqualTo(Duration.ofMinutes(5));
    assertThat(ExpiryStrategy.progressive(Duration.ofSeconds(2), Duration.ofSeconds(60), 1.5)
        .expiryAfter(3)).isEqualTo(Duration.ofMillis(4500));
    ExpiryStrategy f = ExpiryStrategy.fixed(Duration.ofSeconds(7));
    assertThat(f.expiryAfter(1)).isEqualTo(Duration.ofSeconds(7));
    assertThat(f.expiryAfter(50)).isEqualTo(Duration.ofSeconds(7));
    BramaConfig cfg = BramaConfig.builder().expiry(Duration.ofSeconds(7)).build();
    assertThat(cfg.expiry()).isEqualTo(Duration.ofSeconds(7));
    assertThat(cfg.expiryStrategy().expiryAfter(9)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void progressiveBackoffAppliesToAutomaticOpensTrialFailuresAndManualOpens() {
    Circuit c = progressive();                         // 5, 10, 20, 30 (cap), 30 ...
    c.failure("auto");                                 // #1 automatic: 5 s
    assertOpen(c, 1, T0, T0.plusSeconds(5));

    clock.set(T0.plusSeconds(5));
    c.tryAcquire().failure("trial");                   // #2 trial failure: 10 s
    assertOpen(c, 2, T0.plusSeconds(5), T0.plusSeconds(15));

    clock.set(T0.plusSeconds(7));
    brama.open("a", "manual while open");              // #3 manual: 20 s
    assertOpen(c, 3, T0.plusSeconds(7), T0.plusSeconds(27));

    clock.set(T0.plusSeconds(27));
    assertThat(c.state()).isEqualTo(CircuitState.HALF_OPEN);
    brama.open("a");                                   // #4 manual from HALF_OPEN: 40 -> 30 s
    assertOpen(c, 4, T0.plusSeconds(27), T0.plusSeconds(57));

    clock.set(T0.plusSeconds(57));
    brama.failure("a", "trial by name");               // no slot: late answer, nothing moves
    assertThat(c.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(c.available()).isTrue();
    brama.failure("a", "trial by name");               // #5 completes the slot: 30 s (cap)
    assertOpen(c, 5, T0.plusSeconds(57), T0.plusSeconds(87));

    clock.set(T0.plusSeconds(87));
    assertThat(c.call(() -> "ok")).isEqualTo("ok");   // trial success closes: back to initial
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(c.status().consecutiveOpens()).isZero();
    c.failure("auto again");
    assertOpen(c, 1, T0.plusSeconds(87), T0.plusSeconds(92));
  }

  @Test
  void fixedExpiryNeverGrowsButOpensAreStillCounted() {
    Circuit c = register(1, ExpiryStrategy.fixed(Duration.ofSeconds(10)));
    c.failure("x");
    assertOpen(c, 1, T0, T0.plusSeconds(10));
    clock.set(T0.plusSeconds(10));
    c.tryAcquire().failure("y");
    assertOpen(c, 2, T0.plusSeconds(10), T0.plusSeconds(20));
    brama.open("a");
    assertOpen(c, 3, T0.plusSeconds(10), T0.plusSeconds(20));
  }

  private static void assertOpen(Circuit c, int consecutiveOpens, Instant openedAt,
      Instant halfOpensAt) {
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(consecutiveOpens);
    assertThat(s.openedAt()).isEqualTo(openedAt);
    assertThat(s.halfOpensAt()).isEqualTo(halfOpensAt);
  }

  @Test
  void theStrategyIsCalledOncePerOpenWithTheConsecutiveOpens() {
    List<Integer> calls = new CopyOnWriteArrayList<>();
    Circuit c = register(1, n -> {
      calls.add(n);
      return Duration.ofSeconds(n);
    });
    c.failure("x");                                    // 1 s
    clock.set(T0.plusSeconds(1));
    c.tryAcquire().failure("y");                       // 2 s
    brama.open("a");                                   // 3 s
    brama.open("a", "Retry-After", Duration.ofSeconds(1));   // not asked
    clock.set(T0.plusSeconds(2));
    brama.open("a", "again");                          // 4 s (HALF_OPEN -> OPEN)
    assertThat(calls).containsExactly(1, 2, 3, 4);
    assertOpen(c, 4, T0.plusSeconds(2), T0.plusSeconds(6));
  }

  @Test
  void anInvalidStrategyResultFallsBackToTheLastValidExpiry() {
    ExpiryStrategy odd = n -> switch (n) {
      case 1 -> Duration.ofSeconds(10);
      case 2 -> Duration.ofSeconds(15);
      case 3 -> null;
      case 4 -> Duration.ZERO;
      case 5 -> Duration.ofSeconds(-1);
      case 6 -> throw new IllegalStateException("strategy bug");
      default -> Duration.ofSeconds(7);
    };
    Circuit c = register(1, odd);
    c.failure("x");
    assertOpen(c, 1, T0, T0.plusSeconds(10));
    // opens #2..#7: 15 s valid, then null, zero, negative, thrown (all 15 s again), then 7 s
    int[] expected = {15, 15, 15, 15, 15, 7};
    for (int i = 0; i < expected.length; i++) {
      Instant halfOpen = c.status().halfOpensAt();
      clock.set(halfOpen);
      c.tryAcquire().failure("trial " + (i + 2));
      assertOpen(c, i + 2, halfOpen, halfOpen.plusSeconds(expected[i]));
    }
  }

  @Test
  void aStrategyThatNeverGaveAValidExpiryFallsBackToSixtySeconds() {
    Circuit c = register(1, n -> null);
    c.failure("x");
    assertOpen(c, 1, T0, T0.plusSeconds(60));
    brama.open("a");
    assertOpen(c, 2, T0, T0.plusSeconds(60));
  }
}
