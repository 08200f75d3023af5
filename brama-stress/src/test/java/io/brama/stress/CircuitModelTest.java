package io.brama.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sequential model follows the README's table on the paths the histories use. */
class CircuitModelTest {
  private static String status(String state, int failures, int opens, Long openedAt,
      Long halfOpensAt, Long lastFailureAt, String reason, int trials, long retryAfter) {
    return CircuitLinTest.describe(state, failures, opens, openedAt, halfOpensAt, lastFailureAt,
        reason, null, trials, retryAfter);
  }

  @Test
  void maxAttemptsFailuresOpenAndTheExpiryHalfOpens() {
    CircuitModel m = new CircuitModel(1) {};
    m.failure(0);
    assertEquals(status("CLOSED", 1, 0, null, null, 0L, "n0", 0, 0), m.status());
    m.failure(1);
    assertEquals(status("OPEN", 0, 1, 0L, 1000L, 0L, "n1", 0, 1000), m.status());
    assertFalse(m.available());
    m.advance(2);
    assertEquals("trial", m.acquire(0));
    assertEquals("refused", m.acquire(1)); // one slot
    assertEquals(status("HALF_OPEN", 0, 1, 0L, 1000L, 0L, "n1", 1, 1000), m.status());
  }

  @Test
  void anUnansweredTrialFailsAtGrantPlusExpiryAndTheBackoffDoubles() {
    CircuitModel m = new CircuitModel(1) {};
    m.failure(0);
    m.failure(0);
    m.advance(2); // 1000 ms
    assertEquals("trial", m.acquire(0));
    m.advance(3); // 2500 ms: the trial timed out at 2000 ms; re-opened for 2000 ms
    assertEquals(status("OPEN", 0, 2, 2000L, 4000L, 2000L, CircuitModel.timeoutReason(1000), 0,
        1500), m.status());
    m.permitSuccess(0); // late: the trial belongs to an older generation
    assertEquals(status("OPEN", 0, 2, 2000L, 4000L, 2000L, CircuitModel.timeoutReason(1000), 0,
        1500), m.status());
  }

  @Test
  void aTrialCountsOnceAndNameBasedAnswersTakeTheOldestSlot() {
    CircuitModel m = new CircuitModel(2) {};
    m.failure(0);
    m.failure(0);
    m.advance(2);
    assertEquals("trial", m.acquire(0));
    assertTrue(m.available()); // the second slot, held by nobody
    m.failure(5); // completes thread 0's slot (the oldest): re-open
    assertEquals(status("OPEN", 0, 2, 1000L, 3000L, 1000L, "n5", 0, 2000), m.status());
    m.permitFailure(0); // late: only the last failure changes
    assertEquals(status("OPEN", 0, 2, 1000L, 3000L, 1000L, "p0", 0, 2000), m.status());
  }

  @Test
  void aTrialSuccessClosesAndClearsTheBackoff() {
    CircuitModel m = new CircuitModel(1) {};
    m.failure(0);
    m.failure(0);
    m.advance(2);
    assertEquals("trial", m.acquire(0));
    m.permitSuccess(0);
    m.permitFailure(0); // a trial permit counts only its first completion
    assertEquals(status("CLOSED", 0, 0, null, null, 0L, "n0", 0, 0), m.status());
  }
}
