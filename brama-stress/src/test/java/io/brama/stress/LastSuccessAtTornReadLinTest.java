package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FAILS ON PURPOSE while the bug it caught is open: {@code status()} is not atomic.
 *
 * <p>{@code ConnectionCore.status()} takes state, counts and instants from one snapshot but reads
 * {@code lastSuccessAt} from a separate volatile field ({@code lastSuccess}), which
 * {@code run()} writes only after its compare-and-set ({@code noteSuccess}). A status can so pair
 * one moment's state with another moment's lastSuccessAt. Minimal history (halfOpenTrials 1, the
 * open period just expired, maxAttempts 2):
 *
 * <pre>
 *   thread 1: acquire() -> trial; permit.success()      thread 2: status()
 * </pre>
 *
 * Lincheck's model checker finds the interleaving where thread 2 reads the HALF_OPEN snapshot (no
 * trial out, lastSuccessAt unset), thread 1 then runs both operations (trial granted, success
 * closes the circuit, lastSuccess written) and thread 2 then reads lastSuccess: the status says
 * HALF_OPEN, 0 trials, lastSuccessAt = 1000 ms, a combination no order of the three operations
 * produces (before the success lastSuccessAt is unset; after it the circuit is CLOSED). The reverse
 * tear (CLOSED with the old lastSuccessAt, between the CAS and noteSuccess) is the same defect.
 * Invariant broken: linearizability of status() (a status is one moment's picture).
 */
public class LastSuccessAtTornReadLinTest extends CircuitLinTest {
  static final String[] PREFIX = HalfOpenLinTest.PREFIX;

  static final Scenarios.Targeted[] TARGETED = {
      targeted("a status pairing a HALF_OPEN state with the lastSuccessAt of the close",
          List.of(List.of("acquire 0", "permitSuccess 0"), List.of("status")), "status")
  };

  public LastSuccessAtTornReadLinTest() {
    super(Fixture.loud(), 1, true, true, PREFIX);
  }

  /** The model, started the same way, lastSuccessAt shown. */
  public static final class Spec extends CircuitModel {
    public Spec() {
      super(1, true);
      for (String op : PREFIX) {
        apply(this, op);
      }
    }
  }

  @Test
  void statusPairsLastSuccessAtWithAnotherMomentsState() {
    Lin.modelCheck(LastSuccessAtTornReadLinTest.class, Spec.class, 2, 2, 0, 1, 0, 200, TARGETED);
  }
}
