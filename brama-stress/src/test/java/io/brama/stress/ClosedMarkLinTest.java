package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code available()} on a CLOSED circuit reads the connection's closed mark, not the snapshot.
 * Starts with the open period just expired (maxAttempts = 2, halfOpenTrials = 1): a trial
 * success that closes, failures that open again and readers of {@code available}/{@code status}
 * race, so a mark set late over a newer OPEN snapshot, or cleared only after the swap, would show
 * as a history no sequential order explains (status OPEN, then available true).
 */
public class ClosedMarkLinTest extends CircuitLinTest {
  static final String[] PREFIX = {"failure 7", "failure 7", "advance 2"};

  /** Hand-written histories for the outcomes this start state must never show. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("a late closed mark over a newer OPEN snapshot",
          List.of(List.of("acquire 0", "permitSuccess 0"), List.of("failure 1", "failure 1"),
              List.of("status", "available")), "available"),
      targeted("the mark cleared only after the swap out of CLOSED",
          List.of(List.of("acquire 0", "permitSuccess 0", "failure 0", "failure 0"),
              List.of("available", "status", "available")), "status"),
      targeted("two closings and an opening",
          List.of(List.of("acquire 0", "permitSuccess 0", "failure 0"), List.of("success", "failure 1"),
              List.of("available", "status")), "available")
  };

  public ClosedMarkLinTest() {
    super(Fixture.quiet(), 1, PREFIX);
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

  /** 600 invocations: at 100, a mark set without the version check was not caught. */
  @Test
  void modelChecking() {
    Lin.modelCheck(ClosedMarkLinTest.class, Spec.class, 3, 2, 0, 1, 3, 600, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(ClosedMarkLinTest.class, Spec.class, 3, 3, 0, 2, 6, 200, TARGETED);
  }
}
