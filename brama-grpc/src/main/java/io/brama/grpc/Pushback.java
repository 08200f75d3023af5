package io.brama.grpc;

import io.grpc.Metadata;
import java.time.Duration;

/**
 * The server's {@code grpc-retry-pushback-ms} (gRFC A6): a signed 32-bit number of milliseconds.
 * A positive value is how long to stay away; zero, a negative value or anything unparseable asks
 * for nothing here (gRFC A6 reads the latter two as "do not retry", which says nothing about when
 * the server is healthy again).
 */
final class Pushback {
  /** The trailer's key. */
  static final Metadata.Key<String> KEY =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private Pushback() {}

  /**
   * The wait a pushback value asks for, at most {@code cap}.
   *
   * @param value the trailer's value, or null without one
   * @param cap the longest wait
   * @return the wait, or null when the value asks for none
   */
  static Duration delay(String value, Duration cap) {
    if (value == null) {
      return null;
    }
    int millis;
    try {
      millis = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) { // garbage, or beyond 32 bits
      return null;
    }
    if (millis <= 0) {
      return null;
    }
    Duration wait = Duration.ofMillis(millis);
    return wait.compareTo(cap) > 0 ? cap : wait;
  }
}
