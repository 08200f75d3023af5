package io.brama.stress;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.CircuitState.OPEN;
import static io.brama.fixtures.TestBrama.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event rules applied after every Lincheck history do catch each forbidden outcome: hand-made
 * logs of what a broken breaker would emit (no Brama involved).
 */
class EventChecksTest {
  private final List<BramaEvent> log = new ArrayList<>();

  private EventChecksTest add(EventType type, long ms, CircuitState from, CircuitState to,
      Object reason) {
    log.add(new BramaEvent(type, "c", null, null, T0.plusMillis(ms), log.size() + 1, from, to,
        reason));
    return this;
  }

  private EventChecksTest registered() {
    return add(EventType.REGISTERED, 0, null, CLOSED, null);
  }

  private EventChecksTest failure(long ms, CircuitState in, String reason) {
    return add(EventType.FAILURE, ms, null, in, reason);
  }

  private EventChecksTest change(long ms, CircuitState from, CircuitState to, String reason) {
    return add(EventType.STATE_CHANGE, ms, from, to, reason);
  }

  /** Two failures open (maxAttempts 2); half-open at 1000 ms. */
  private EventChecksTest openedThenHalfOpen() {
    return registered().failure(0, CLOSED, "a").failure(0, CLOSED, "b")
        .change(0, CLOSED, OPEN, "b").change(1000, OPEN, HALF_OPEN, null);
  }

  private List<String> check(CircuitState now, int successes, int failures, int rejections) {
    return EventChecks.check(log, now, true, T0, successes, failures, rejections);
  }

  @Test
  void aLegalLogPasses() {
    openedThenHalfOpen().add(EventType.SUCCESS, 1000, null, HALF_OPEN, null)
        .change(1000, HALF_OPEN, CLOSED, null);
    assertEquals(List.of(), check(CLOSED, 1, 2, 0));
  }

  @Test
  void openToHalfOpenSeenTwiceIsCaught() {
    openedThenHalfOpen().change(1000, OPEN, HALF_OPEN, null);
    assertTrue(check(HALF_OPEN, 0, 2, 0).stream().anyMatch(p -> p.contains("reported twice")));
  }

  @Test
  void twoStateChangesForOneOpenAreCaught() {
    registered().failure(0, CLOSED, "a").failure(0, CLOSED, "b").change(0, CLOSED, OPEN, "b")
        .change(0, CLOSED, OPEN, "b");
    assertTrue(check(OPEN, 0, 2, 0).stream().anyMatch(p -> p.contains("reported twice")));
  }

  @Test
  void aLostFailureEventIsCaught() {
    registered().failure(0, CLOSED, "a");
    assertTrue(check(CLOSED, 0, 2, 0).stream()
        .anyMatch(p -> p.equals("2 failures reported, 1 FAILURE events")));
  }

  @Test
  void aHalfOpenNotStampedWithTheExpiryIsCaught() {
    registered().failure(0, CLOSED, "a").failure(0, CLOSED, "b").change(0, CLOSED, OPEN, "b")
        .change(1500, OPEN, HALF_OPEN, null);
    assertTrue(check(HALF_OPEN, 0, 2, 0).stream().anyMatch(p -> p.contains("expiry was")));
  }

  @Test
  void anOpenWithoutItsFailureFirstIsCaught() {
    registered().failure(0, CLOSED, "a").change(0, CLOSED, OPEN, "b");
    assertTrue(check(OPEN, 0, 1, 0).stream().anyMatch(p -> p.contains("not directly after")));
  }

  @Test
  void aSequenceGapAndAWrongFinalStateAreCaught() {
    registered().failure(0, CLOSED, "a");
    log.set(1, new BramaEvent(EventType.FAILURE, "c", null, null, T0, 3, null, CLOSED, "a"));
    List<String> problems = check(OPEN, 0, 1, 0);
    assertTrue(problems.stream().anyMatch(p -> p.contains("sequence gap")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("the circuit is OPEN")));
  }

  @Test
  void aTrialTimeoutMustBeFollowedByItsReopen() {
    openedThenHalfOpen().failure(2000, HALF_OPEN, CircuitModel.timeoutReason(1000));
    assertTrue(check(HALF_OPEN, 0, 2, 0).stream().anyMatch(p -> p.contains("trial timeout")));
  }
}
