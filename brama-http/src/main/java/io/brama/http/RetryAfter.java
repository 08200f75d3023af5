package io.brama.http;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * How long a {@code Retry-After} value asks the client to wait (RFC 9110, section 10.2.3): a
 * delay in seconds, or an HTTP-date taken against the response's {@code Date} (the server's clock)
 * or, without a usable one, against the Brama's clock. Malformed, zero, negative and past values
 * ask nothing; a longer wait than the cap is cut to it.
 */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait {@code retryAfter} asks for, at most {@code cap}; null when it asks none.
   *
   * @param retryAfter the header's value, or null when absent
   * @param date the response's {@code Date} value, or null when absent
   * @param clock the Brama's clock: the reference when {@code date} is missing or malformed
   * @param cap the longest wait returned; positive
   */
  static Duration delay(String retryAfter, String date, InstantSource clock, Duration cap) {
    if (retryAfter == null) {
      return null;
    }
    String value = trim(retryAfter);
    if (value.isEmpty()) {
      return null;
    }
    if (isDigit(value.charAt(0))) {
      return seconds(value, cap);
    }
    Instant now = clock.instant();
    int year = HttpDate.yearOf(now);
    Instant until = HttpDate.parse(value, year);
    if (until == null) {
      return null;
    }
    Instant serverNow = date == null ? null : HttpDate.parse(trim(date), year);
    Instant reference = serverNow != null ? serverNow : now;
    if (!until.isAfter(reference)) {
      return null;
    }
    return atMost(Duration.between(reference, until), cap);
  }

  /** {@code 1*DIGIT}; null for zero or anything but digits. */
  private static Duration seconds(String value, Duration cap) {
    long seconds = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isDigit(c)) {
        return null;
      }
      // past a long's range the wait is longer than any cap: saturate, keep checking the digits
      seconds = seconds <= (Long.MAX_VALUE - 9) / 10 ? seconds * 10 + (c - '0') : Long.MAX_VALUE;
    }
    return seconds == 0 ? null : atMost(Duration.ofSeconds(seconds), cap);
  }

  private static Duration atMost(Duration wait, Duration cap) {
    return wait.compareTo(cap) > 0 ? cap : wait;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Without the optional whitespace (space, tab) around a field value. */
  private static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
