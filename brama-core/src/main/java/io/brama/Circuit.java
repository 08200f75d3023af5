package io.brama;

import io.brama.internal.ConnectionCore;

/**
 * A handle on one registered connection: the same operations as {@link Brama}'s per-id methods,
 * without the name lookup. Once the connection is unregistered every operation throws
 * {@link UnknownConnectionException} (the identity accessors {@link #id()}, {@link #type()} and
 * {@link #scope()} keep answering, so that error handling can name it); registering the id again
 * gives a new handle.
 */
public sealed interface Circuit permits ConnectionCore {
  /**
   * The connection id.
   *
   * @return the connection's id
   */
  String id();

  /**
   * The connection type, or null.
   *
   * @return the type, or null
   */
  String type();

  /**
   * The scope, or null.
   *
   * @return the scope, or null
   */
  String scope();

  /**
   * Whether a call may proceed now; in HALF_OPEN a {@code true} takes a trial slot.
   *
   * @return whether the call may proceed
   */
  boolean available();

  /**
   * Asks the gate for a permit; never throws for a closed gate: see {@link Permit#granted()}.
   *
   * @return the permit; report the call's outcome through it when it was granted
   */
  Permit tryAcquire();

  /** Reports a successful call. */
  void success();

  /** Reports a failed call without a reason. */
  void failure();

  /**
   * Reports a failed call; {@code reason} may be null.
   *
   * @param reason why the call failed, or null
   */
  void failure(Object reason);

  /**
   * The current state (moves OPEN to HALF_OPEN when the expiry has passed; takes no permit).
   *
   * @return the state now
   */
  CircuitState state();

  /**
   * The current status (takes no permit).
   *
   * @return the status now
   */
  ConnectionStatus status();

  /**
   * The calls counted since registration.
   *
   * @return the calls counted so far
   * @throws IllegalStateException when the Brama was not built with
   *     {@link Brama.Builder#countCalls(boolean) countCalls(true)}
   */
  CallCounts calls();

  /**
   * Runs {@code action} through the gate, as {@link Brama#call(String, CheckedCallable)}.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param action the call to make
   * @return the action's result
   * @throws CircuitOpenException when the gate refuses; the action is not run
   * @throws E when the action throws it
   */
  <T, E extends Exception> T call(CheckedCallable<T, E> action) throws E;
}
