package io.brama.testing;

import io.brama.internal.ManualClocks;
import io.brama.internal.Nanos;
import io.brama.internal.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, for tests: {@code new ManualClock()} starts at
 * 2026-01-01T00:00:00Z. Thread-safe. Give it to {@code Brama.builder().clock(clock)}: it then drives
 * every timing decision and event timestamp, and every timer of the Brama (half-open moves, trial
 * deadlines, call timeouts, health probes, the sweeper): {@link #advance} and {@link #set} run the
 * timers that became due before they return. One clock may drive several Bramas.
 */
public final class ManualClock implements InstantSource {
  static {
    ManualClocks.install(clock -> clock.timers);
  }

  /** Where {@link #ManualClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  /** The timers of every Brama this clock drives. */
  private final TimerQueue timers = new TimerQueue();

  /** A clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at {@code start}.
   *
   * @param start the initial instant
   */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
  }

  /**
   * Moves the clock forward by {@code amount}, runs the timers that became due (on this thread, in
   * order) and returns the new instant.
   *
   * @param amount how far to move; not negative
   * @return the new instant
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must be >= PT0S, was " + amount);
    }
    Instant moved = now.updateAndGet(i -> i.plus(amount));
    runDueTimers();
    return moved;
  }

  /**
   * Sets the clock to {@code instant} (it may move backwards: that is for tests of odd clocks) and
   * runs the timers that became due.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant must not be null"));
    runDueTimers();
  }

  /** One volatile read when nothing is due. */
  private void runDueTimers() {
    for (;;) {
      long at = Nanos.of(now.get());
      if (at < timers.nextDue()) {
        return;
      }
      timers.runDue(at);
    }
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
