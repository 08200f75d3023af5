package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thread 0 holds a trial permit of an older half-open period (it timed out at 2000 ms; the
 * circuit re-opened and is due to half-open again at 4000 ms, where the clock stands) and thread 1
 * holds a CLOSED-state permit of the first generation: their answers are late and must neither
 * close the new half-open circuit nor count.
 */
public class StaleTrialLinTest extends CircuitLinTest {
  static final String[] PREFIX = {"acquire 1", "failure 7", "failure 7", "advance 2", "acquire 0", "advance 2", "advance 4"};

  /** Hand-written histories for the outcomes this start state must never show. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("a success from an older generation closing a half-open circuit",
          List.of(List.of("permitSuccess 0"), List.of("permitSuccess 1"), List.of("acquire 2", "status")), "status"),
      targeted("a failure from an older generation re-opening a half-open circuit",
          List.of(List.of("permitFailure 0"), List.of("permitFailure 1"), List.of("available", "status")), "status")
  };

  public StaleTrialLinTest() {
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
    Lin.modelCheck(StaleTrialLinTest.class, Spec.class, 3, 2, 0, 1, 3, 100, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(StaleTrialLinTest.class, Spec.class, 3, 3, 0, 2, 6, 200, TARGETED);
  }
}
