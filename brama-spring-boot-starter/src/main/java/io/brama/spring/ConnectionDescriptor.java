package io.brama.spring;

import io.brama.CallCounts;
import io.brama.ConnectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One connection as the {@code brama} Actuator endpoint shows it: the status, with instants and
 * durations as ISO-8601 strings and the failure reason as text.
 *
 * @param id the connection id
 * @param type the type, or null
 * @param scope the scope, or null
 * @param metadata the registration metadata
 * @param state CLOSED, OPEN or HALF_OPEN
 * @param failureCount consecutive failures counted in CLOSED
 * @param maxAttempts consecutive failures that open the circuit (0 under a rate policy)
 * @param consecutiveOpens opens since the circuit was last closed
 * @param openedAt when the current open period began, or null
 * @param halfOpensAt when OPEN, when it turns HALF_OPEN; when HALF_OPEN, when it did; or null
 * @param lastSuccessAt the last success, or null
 * @param lastFailureAt the last failure, or null
 * @param lastFailureReason the last failure's reason as text, or null
 * @param retryAfter zero when a call would be admitted now, else how long until one may be
 * @param calls the call counters, or null when the Brama does not count calls
 */
public record ConnectionDescriptor(String id, String type, String scope,
    Map<String, String> metadata, String state, int failureCount, int maxAttempts,
    int consecutiveOpens, String openedAt, String halfOpensAt, String lastSuccessAt,
    String lastFailureAt, String lastFailureReason, String retryAfter, CallCounts calls) {

  /**
   * Describes {@code status}, with {@code calls} when counted (else null).
   *
   * @param status the connection's status
   * @param calls its call counts, or null when calls are not counted
   * @return the description
   */
  public static ConnectionDescriptor of(ConnectionStatus status, CallCounts calls) {
    return new ConnectionDescriptor(status.id(), status.type(), status.scope(), status.metadata(),
        status.state().name(), status.failureCount(), status.maxAttempts(),
        status.consecutiveOpens(), text(status.openedAt()), text(status.halfOpensAt()),
        text(status.lastSuccessAt()), text(status.lastFailureAt()),
        status.lastFailureReason() == null ? null : String.valueOf(status.lastFailureReason()),
        text(status.retryAfter()), calls);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String text(Duration duration) {
    return duration == null ? null : duration.toString();
  }
}
