package io.brama.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, for tests: {@code new ManualClock()} starts at
 * 2026-01-01T00:00:00Z. Thread-safe. Give it to {@code Brama.builder().clock(clock)}: it then drives
 * every timing decision, event timestamps and the sweeper's decisions.
 */
public final class ManualClock implements InstantSource {
  /** Where {@link #ManualClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  /** A clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start}. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
  }

  /**
   * Moves the clock forward by {@code amount} and returns the new instant.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must be >= PT0S, was " + amount);
    }
    return now.updateAndGet(i -> i.plus(amount));
  }

  /** Sets the clock to {@code instant} (it may move backwards: that is for tests of odd clocks). */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant must not be null"));
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
