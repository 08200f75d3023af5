package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FAILS ON PURPOSE while the bug it caught is open: lastSuccessAt can move backwards.
 *
 * <p>On a CLOSED circuit with no failure counted and no SUCCESS subscriber, {@code success()} takes
 * the allocation-free path {@code touchSuccess()}: it reads the time, then writes it to the volatile
 * {@code lastSuccess} unconditionally ({@code if (lastSuccess != t) lastSuccess = t}); the CAS path's
 * {@code noteSuccess} is a check-then-write of the maximum, no better. A success that read the
 * clock before a later success was recorded overwrites the newer instant with its older one.
 * Minimal history (CLOSED, clock moved by a third party, here without the harness's clock gate):
 *
 * <pre>
 *   thread 1: success()          thread 2: advance(1000 ms); success()        then: status()
 * </pre>
 *
 * Thread 1 reads t = 0 and stalls; thread 2 moves the clock and records a success at 1000 ms;
 * thread 1 then writes 0. The status after both shows lastSuccessAt = 0 ms, although a success
 * completed at 1000 ms and every order of the operations ends with 1000 ms. With the system clock
 * the same race stores a coarse tick older than the newest success (by as long as the writer was
 * descheduled). Invariant broken: lastSuccessAt is the newest reported success (no lost update).
 */
public class LastSuccessAtGoesBackLinTest extends CircuitLinTest {
  static final String[] PREFIX = {};

  static final Scenarios.Targeted[] TARGETED = {
      targeted("lastSuccessAt overwritten by an older success",
          List.of(List.of("success"), List.of("advance 2", "success")), "status")
  };

  public LastSuccessAtGoesBackLinTest() {
    super(Fixture.quiet(), 1, true, false, PREFIX);
  }

  /** The model, lastSuccessAt shown. */
  public static final class Spec extends CircuitModel {
    public Spec() {
      super(1, true);
    }
  }

  @Test
  void lastSuccessAtMovesBackwardsUnderRacingSuccesses() {
    Lin.modelCheck(LastSuccessAtGoesBackLinTest.class, Spec.class, 2, 2, 0, 1, 0, 200, TARGETED);
  }
}
