package io.brama.stress;

import static io.brama.stress.Scenarios.targeted;

import io.brama.internal.BusHarness;
import java.util.List;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The event bus's sequence protocol under Lincheck: transitions that post their event while some
 * subscription accepts it and skip its number otherwise, skipped pairs, subscriptions made just
 * before a transition and closed at any time. After each history: no number left unconsumed (a
 * skip that fills the gap before a parked event must wake the drain), every log in sequence order
 * and made of posted events only, a subscription made before a transition receives it, and the
 * connection retires once its last number is skipped. See {@link BusHarness}.
 */
public class EventBusLinTest {
  /** Hand-written histories around the drain parking an event while a skip fills its gap. */
  static final Scenarios.Targeted[] TARGETED = {
      targeted("a parked event left behind by a skip that raced the drain",
          List.of(List.of("subscribeThenTransition", "closeOldest", "transition"),
              List.of("transition", "skipTwo"), List.of("skipTwo", "subscribeThenTransition"))),
      targeted("a subscription made before a transition missing its event",
          List.of(List.of("skipTwo", "subscribeThenTransition"),
              List.of("transition", "closeOldest", "transition")))
  };

  private final BusHarness bus = new BusHarness();

  @Operation
  public void transition() {
    bus.transition();
  }

  @Operation
  public void skipTwo() {
    bus.skipTwo();
  }

  @Operation
  public void subscribeThenTransition() {
    bus.subscribeThenTransition();
  }

  @Operation
  public void closeOldest() {
    bus.closeOldest();
  }

  @Validate
  public void validate() {
    List<String> problems = bus.problems();
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  /** The operations return nothing: any order explains them; {@link #validate} judges. */
  public static final class Spec {
    public void transition() {}

    public void skipTwo() {}

    public void subscribeThenTransition() {}

    public void closeOldest() {}
  }

  @Test
  void modelChecking() {
    Lin.modelCheck(EventBusLinTest.class, Spec.class, 3, 2, 0, 0, 10, 300, TARGETED);
  }

  @Test
  void stress() {
    Lin.stress(EventBusLinTest.class, Spec.class, 3, 3, 0, 0, 20, 300, TARGETED);
  }
}
