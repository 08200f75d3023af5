package io.brama.internal;

import io.brama.testing.ManualClock;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * The bridge to {@link ManualClock}'s timer queue, which the public class cannot expose: the clock
 * installs its accessor when its class is initialised, which happens before any instance exists.
 */
public final class ManualClocks {
  private static volatile Function<ManualClock, TimerQueue> access;

  private ManualClocks() {}

  /** Called once, by {@link ManualClock}'s static initialiser. */
  public static void install(Function<ManualClock, TimerQueue> accessor) {
    access = accessor;
  }

  /** The timer queue that {@code clock} drives, or null when it is not a ManualClock. */
  static TimerQueue timers(InstantSource clock) {
    return clock instanceof ManualClock m ? access.apply(m) : null;
  }
}
