package io.brama.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Time inside the engine is a {@code long} of nanoseconds since the epoch (good until 2262); these
 * conversions saturate instead of overflowing.
 */
public final class Nanos {
  /** Marks an instant that does not apply (e.g. {@code openedAt} of a CLOSED circuit). */
  public static final long NONE = Long.MIN_VALUE;

  private Nanos() {}

  /** The duration in nanoseconds, saturated at {@code Long.MAX_VALUE}. */
  public static long of(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    return d.getSeconds() * 1_000_000_000L + d.getNano();
  }

  /** Epoch nanos of the instant, saturated at the long range. */
  public static long of(Instant i) {
    long s = i.getEpochSecond();
    if (s >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE - 1;
    }
    if (s <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE + 1;
    }
    return s * 1_000_000_000L + i.getNano();
  }

  /** The instant, or null for {@link #NONE}. */
  public static Instant toInstant(long epochNanos) {
    if (epochNanos == NONE) {
      return null;
    }
    return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        Math.floorMod(epochNanos, 1_000_000_000L));
  }

  /** {@code a + b} saturated at {@code Long.MAX_VALUE - 1}; {@code b >= 0}. */
  public static long plus(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0 || r == Long.MAX_VALUE) {
      return Long.MAX_VALUE - 1;
    }
    return r;
  }

  /** The time from {@code now} until {@code due}, zero when already due. */
  public static Duration until(long due, long now) {
    return due <= now ? Duration.ZERO : Duration.ofNanos(due - now);
  }
}
