package io.brama.dashboard;

import java.time.Duration;

/** Duration arithmetic that saturates instead of overflowing, for timeouts handed to a server. */
final class Durations {
  private Durations() {}

  /** {@code a + b}, or the longest duration a {@code long} of nanoseconds holds if larger. */
  static Duration saturatedSum(Duration a, Duration b) {
    try {
      return min(a.plus(b), Duration.ofNanos(Long.MAX_VALUE));
    } catch (ArithmeticException e) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
  }

  /** Whole milliseconds, rounded up so that a positive duration never becomes 0 (no timeout). */
  static long ceilMillis(Duration d) {
    try {
      long millis = d.toMillis();
      return d.minusMillis(millis).isZero() ? millis : millis + 1;
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Nanoseconds, or {@code Long.MAX_VALUE} if larger. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
