package io.brama.internal;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The default clock: the wall-clock instant at creation plus the elapsed {@link System#nanoTime()}, so
 * it never runs backwards when the wall clock is adjusted. The only place in core that reads system
 * time.
 */
public final class SystemClock implements InstantSource {
  private final long startEpochNanos;
  private final long startTicks;

  /** A clock starting at the current wall-clock time. */
  public SystemClock() {
    this.startEpochNanos = Nanos.of(Instant.now());
    this.startTicks = System.nanoTime();
  }

  /** Epoch nanoseconds now; allocates nothing. */
  public long epochNanos() {
    return startEpochNanos + (System.nanoTime() - startTicks);
  }

  /** The raw monotonic ticker, for deadlines of background waits (not for circuit logic). */
  public static long ticks() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Nanos.toInstant(epochNanos());
  }

  @Override
  public long millis() {
    return Math.floorDiv(epochNanos(), 1_000_000L);
  }

  @Override
  public String toString() {
    return "SystemClock[" + instant() + "]";
  }
}
