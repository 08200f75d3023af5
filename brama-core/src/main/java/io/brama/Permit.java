package io.brama;

import io.brama.internal.GatePermit;
import java.time.Duration;

/**
 * One admitted (or refused) call, tied to the circuit generation that decided it. Complete a granted
 * permit exactly once with {@link #success()}, {@link #failure(Object)} or {@link #ignore()}; an outcome
 * that arrives after the circuit moved on to another generation only updates the last-success/failure
 * times and emits its event. Completing a refused permit does nothing. Implemented by Brama only.
 */
public sealed interface Permit permits GatePermit {
  /**
   * Whether the call may proceed.
   *
   * @return whether the call may proceed
   */
  boolean granted();

  /**
   * Zero when granted; otherwise the time until the gate may admit a call, measured now.
   *
   * @return the time until a call may be admitted, or zero
   */
  Duration retryAfter();

  /** The call succeeded. */
  void success();

  /**
   * The call succeeded after {@code elapsed}: slower than the slow-call threshold, it is slow.
   *
   * @param elapsed how long the call took
   */
  void success(Duration elapsed);

  /**
   * The call failed; {@code reason} (may be null) is kept as the last failure reason.
   *
   * @param reason why the call failed, or null
   */
  void failure(Object reason);

  /**
   * The call failed after {@code elapsed} (a slow failure counts as a failure and as slow).
   *
   * @param reason why the call failed, or null
   * @param elapsed how long the call took
   */
  void failure(Object reason, Duration elapsed);

  /** The call's outcome says nothing about the connection: record nothing, release a trial slot. */
  void ignore();
}
