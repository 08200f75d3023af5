package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * As {@link HalfOpenLinTest} with halfOpenTrials = 2, from 4 threads in stress mode: at most two
 * trials at once, the first verdict decides, the other trial's answer is late.
 */
public class TwoTrialsLinTest extends CircuitLinTest {
  static final String[] PREFIX = {"failure 7", "failure 7", "advance 2"};

  /** Hand-written histories for the outcomes this start state must never show. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("three trial permits granted with halfOpenTrials=2",
          List.of(List.of("acquire 0"), List.of("acquire 1"), List.of("acquire 2", "status")), "status"),
      targeted("both verdicts of two trials deciding",
          List.of(List.of("acquire 0", "permitSuccess 0"), List.of("acquire 1", "permitFailure 1"), List.of("available", "status")), "status")
  };

  public TwoTrialsLinTest() {
    super(Fixture.loud(), 2, PREFIX);
  }

  /** The model, started the same way. */
  public static final class Spec extends CircuitModel {
    public Spec() {
      super(2);
      for (String op : PREFIX) {
        apply(this, op);
      }
    }
  }

  @Test
  void modelChecking() {
    Lin.modelCheck(TwoTrialsLinTest.class, Spec.class, 3, 2, 0, 1, 3, 100, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(TwoTrialsLinTest.class, Spec.class, 4, 2, 0, 2, 6, 200, TARGETED);
  }
}
