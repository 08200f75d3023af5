package io.brama.spring.cloud;

import java.time.Duration;

/** The {@code Retry-After} header's value for a rejection: whole seconds, rounded up. */
final class RetryAfter {
  /** The header's name. */
  static final String HEADER = "Retry-After";

  private RetryAfter() {}

  /** {@code 2.1 s} is {@code "3"}: a client that waits that long finds the gate past its expiry. */
  static String seconds(Duration retryAfter) {
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Long.toString(Math.max(0, seconds));
  }
}
