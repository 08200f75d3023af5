package io.brama.spi;

import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.Outcome;

/**
 * Told about each guarded call: admitted, then ended with its outcome, or refused. For tracing
 * modules ({@code brama-micrometer}'s observations); registered with
 * {@code Brama.builder().observer(...)}. A guarded call is one through {@code call}, {@code run},
 * {@code callAsync}, a decorated or {@code @CircuitBreaker} method, or a permit from
 * {@code tryAcquire} (which integrations such as {@code brama-reactor} hold); not the by-name
 * {@code available}/{@code success}/{@code failure}, which have no call to follow.
 *
 * <p>Called on the caller's thread; the end of asynchronous work on the thread that completes it.
 * Keep it quick and never block; what it throws is logged and ignored, and the call goes on. With no
 * observer registered nothing is spent on it: the closed path does not even look.
 */
public interface CallObserver {
  /**
   * A call was admitted and is about to run.
   *
   * @param connection the connection's id
   * @param state CLOSED, or HALF_OPEN for a trial call
   * @return what to tell when the call ends (exactly once), or null to follow it no further
   */
  Call admitted(String connection, CircuitState state);

  /**
   * A call was refused and did not run.
   *
   * @param connection the connection's id
   * @param state the state that refused it (OPEN, or HALF_OPEN with its trials taken)
   * @param rejection what the caller gets (or would get), with the wait it announces
   */
  void rejected(String connection, CircuitState state, CircuitOpenException rejection);

  /** An admitted call, told of its end exactly once. */
  @FunctionalInterface
  interface Call {
    /**
     * The call ended and its outcome was recorded ({@code IGNORE}: nothing was).
     *
     * @param outcome SUCCESS, FAILURE or IGNORE
     * @param reason a failure's reason (usually the exception), or null
     */
    void ended(Outcome.Kind outcome, Object reason);
  }
}
