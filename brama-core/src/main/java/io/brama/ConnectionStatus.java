package io.brama;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A consistent picture of one connection at one moment.
 *
 * @param id the connection id
 * @param type the connection type, or null
 * @param scope the scope, or null
 * @param metadata the registration metadata (unmodifiable)
 * @param state the circuit state
 * @param failureCount consecutive failures counted in CLOSED (0 in other states, and always 0 under
 *     a rate policy: see {@code window})
 * @param maxAttempts the consecutive failures that open the circuit; 0 under a rate policy
 * @param consecutiveOpens opens since the circuit was last closed (drives progressive expiry)
 * @param openedAt when the current open period began; null in CLOSED
 * @param halfOpensAt when OPEN, when it turns HALF_OPEN; when HALF_OPEN, when it did; null in CLOSED
 * @param lastSuccessAt the last reported success, or null. With the default clock this is a coarse
 *     time refreshed in the background, at most 100 ms old, so that the success path reads no clock;
 *     with any other clock (such as {@link io.brama.testing.ManualClock}) it is exact
 * @param lastFailureAt the last reported failure, or null
 * @param lastFailureReason the reason given with the last failure, or null
 * @param activeTrials trial calls admitted and not yet completed (HALF_OPEN only, else 0)
 * @param retryAfter zero when a call would be admitted now, else the time until one may be
 * @param window what a rate policy's window holds (CLOSED only); null under the consecutive policy
 *     and in OPEN and HALF_OPEN
 * @param policy what the failure policy has counted, whatever the policy (never null): a
 *     {@link ConsecutiveStatus} or a {@link WindowStatus}, empty in OPEN and HALF_OPEN
 */
public record ConnectionStatus(String id, String type, String scope, Map<String, String> metadata,
    CircuitState state, int failureCount, int maxAttempts, int consecutiveOpens,
    Instant openedAt, Instant halfOpensAt, Instant lastSuccessAt, Instant lastFailureAt,
    Object lastFailureReason, int activeTrials, Duration retryAfter, WindowStatus window,
    PolicyStatus policy) {
  private static final WindowStatus EMPTY_WINDOW = new WindowStatus(0, 0, 0, 0, 0);

  /**
   * A status without an explicit policy view: {@code window} when set, else the consecutive count
   * when {@code maxAttempts > 0}, else an empty window.
   *
   * @param id the connection id
   * @param type the connection type, or null
   * @param scope the scope, or null
   * @param metadata the registration metadata
   * @param state the circuit state
   * @param failureCount consecutive failures counted in CLOSED
   * @param maxAttempts the consecutive failures that open the circuit; 0 under a rate policy
   * @param consecutiveOpens opens since the circuit was last closed
   * @param openedAt when the current open period began, or null
   * @param halfOpensAt when it turns (or turned) HALF_OPEN, or null
   * @param lastSuccessAt the last reported success, or null
   * @param lastFailureAt the last reported failure, or null
   * @param lastFailureReason the reason given with the last failure, or null
   * @param activeTrials trial calls admitted and not yet completed
   * @param retryAfter the time until a call may be admitted
   * @param window what a rate policy's window holds, or null
   */
  public ConnectionStatus(String id, String type, String scope, Map<String, String> metadata,
      CircuitState state, int failureCount, int maxAttempts, int consecutiveOpens,
      Instant openedAt, Instant halfOpensAt, Instant lastSuccessAt, Instant lastFailureAt,
      Object lastFailureReason, int activeTrials, Duration retryAfter, WindowStatus window) {
    this(id, type, scope, metadata, state, failureCount, maxAttempts, consecutiveOpens, openedAt,
        halfOpensAt, lastSuccessAt, lastFailureAt, lastFailureReason, activeTrials, retryAfter,
        window, window != null ? window : maxAttempts > 0
            ? new ConsecutiveStatus(failureCount, maxAttempts) : EMPTY_WINDOW);
  }
}
