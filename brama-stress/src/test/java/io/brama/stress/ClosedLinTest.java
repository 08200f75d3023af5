package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Starts CLOSED (maxAttempts 2, halfOpenTrials 1): racing failures must not lose a count
 * (two concurrent failures open the circuit once), successes reset the count, late permits.
 */
public class ClosedLinTest extends CircuitLinTest {
  static final String[] PREFIX = {};

  /** Hand-written histories for the outcomes this start state must never show. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("a lost failure count, two STATE_CHANGE events for one open",
          List.of(List.of("failure 0"), List.of("failure 1")), "status"),
      targeted("a lost failure count through permits",
          List.of(List.of("acquire 0", "permitFailure 0"), List.of("acquire 1", "permitFailure 1"), List.of("status")), "status"),
      targeted("a success lost between two failures",
          List.of(List.of("failure 0", "failure 0"), List.of("success"), List.of("status")), "status")
  };

  public ClosedLinTest() {
    super(Fixture.loud(), 1, PREFIX);
  }

  /** The model, started the same way. */
  public static final class Spec extends CircuitModel {
    public Spec() {
      super(1);
      for (String op : PREFIX) {
        apply(this, op);
      }
    }
  }

  @Test
  void modelChecking() {
    Lin.modelCheck(ClosedLinTest.class, Spec.class, 3, 2, 2, 1, 3, 100, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(ClosedLinTest.class, Spec.class, 3, 3, 2, 2, 6, 200, TARGETED);
  }
}
