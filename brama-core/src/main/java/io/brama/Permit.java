package io.brama;

import io.brama.internal.GatePermit;
import io.brama.internal.PermitTimeout;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One admitted (or refused) call, tied to the circuit generation that decided it. Complete a granted
 * permit exactly once with {@link #success()}, {@link #failure(Object)} or {@link #ignore()}; an outcome
 * that arrives after the circuit moved on to another generation only updates the last-success/failure
 * times and emits its event. Completing a refused permit does nothing. Implemented by Brama only.
 *
 * <p>For work that ends later (a reactive subscription, a coroutine, an HTTP exchange): when the
 * connection measures slow calls, a permit from {@code tryAcquire()} remembers when it was granted
 * (the Brama's clock), so {@link #success()} and {@link #failure(Object)} count a slow call without
 * the caller timing it (one small object per call, only on such connections);
 * {@link #complete(Object, Throwable)} classifies an outcome by the connection's exception rules;
 * {@link #onTimeout(Consumer)} applies its {@code callTimeout}.
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

  /**
   * Records the outcome of work that returned {@code result} or threw {@code error}, classified
   * exactly as {@code call} classifies them: no error is a success; an error is a failure, a
   * success or nothing ({@link #ignore()}) by the connection's {@code recordExceptions} and
   * {@code ignoreExceptions}. The duration is the permit's own (see the class comment).
   *
   * @param result what the work returned (may be null; not looked at by the exception rules)
   * @param error what it threw, or null when it returned
   */
  void complete(Object result, Throwable error);

  /**
   * With the connection's {@code callTimeout} set: once that much time has passed on the Brama's
   * clock (its scheduler; a {@code ManualClock} drives it), records this permit as a failure with a
   * {@code TimeoutException} and then hands that exception to {@code action} (e.g. cancel the work
   * and fail the caller with it). Cancel the returned handle when the work ends first, then record
   * its outcome; when {@link Timeout#cancel()} answers false the timeout has fired and already
   * recorded. Without a {@code callTimeout}, or for a refused permit, nothing is scheduled.
   *
   * @param action what to do when the timeout fires, given the recorded exception; an exception it
   *     throws is logged
   * @return the pending timeout
   */
  Timeout onTimeout(Consumer<? super TimeoutException> action);

  /** A permit's pending call timeout, from {@link #onTimeout(Consumer)}. Implemented by Brama only. */
  sealed interface Timeout permits PermitTimeout {
    /**
     * Whether a timer was set: false when the connection has no {@code callTimeout} or the permit
     * was refused, so this timeout never fires and work may skip guarding against it.
     *
     * @return whether this timeout can fire
     */
    boolean armed();

    /**
     * Stops the timeout unless it has fired: call it when the work ends, before recording.
     *
     * @return true when the timeout will not fire (now or before cancelled, or there is none);
     *     false when it fired and recorded the permit as timed out
     */
    boolean cancel();
  }
}
