package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Starts with the open period just expired and unobserved (two failures at 0 ms, clock at 1000
 * ms), halfOpenTrials = 1: racing observers must move OPEN->HALF_OPEN once and grant one trial.
 */
public class HalfOpenLinTest extends CircuitLinTest {
  static final String[] PREFIX = {"failure 7", "failure 7", "advance 2"};

  /** Hand-written histories for the outcomes this start state must never show. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("two trial permits granted with halfOpenTrials=1",
          List.of(List.of("acquire 0"), List.of("acquire 1"), List.of("available")), "status"),
      targeted("OPEN->HALF_OPEN seen twice",
          List.of(List.of("status"), List.of("available"), List.of("acquire 2")), "status"),
      targeted("a trial success seen half-done",
          List.of(List.of("acquire 0", "permitSuccess 0"), List.of("status"), List.of("failure 2")), "status"),
      targeted("a trial failure and a name-based success both deciding",
          List.of(List.of("acquire 0", "permitFailure 0"), List.of("success", "status")), "status")
  };

  public HalfOpenLinTest() {
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
    Lin.modelCheck(HalfOpenLinTest.class, Spec.class, 3, 2, 0, 1, 3, 100, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(HalfOpenLinTest.class, Spec.class, 3, 3, 0, 2, 6, 200, TARGETED);
  }
}
