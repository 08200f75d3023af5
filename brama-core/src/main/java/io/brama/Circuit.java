package io.brama;

import io.brama.internal.CircuitOperations;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A handle on one registered connection: every per-connection operation of {@link Brama}, without
 * the name lookup. Each method runs the same code as the {@code Brama} method of the same name
 * given this connection's id, with the same state changes, events and exceptions. Once the
 * connection is unregistered every operation throws {@link UnknownConnectionException} (the
 * identity accessors {@link #id()}, {@link #type()} and {@link #scope()} keep answering, so that
 * error handling can name it; {@link #unregister()} and {@link #isRegistered()} answer false);
 * registering the id again gives a new handle, and this one keeps answering for the old connection.
 * Once the Brama is closed every operation but the identity accessors throws
 * {@link IllegalStateException}.
 *
 * <p>What {@code Brama} has and a handle has not, because it is not about one connection:
 * {@code register} and {@code registerIfAbsent} (a handle exists only for a registered
 * connection), {@code circuit} (this is the handle), {@code decorate} and {@code guard} (the
 * annotations name the circuits), {@code statuses}, {@code subscribe} (filter on
 * {@link EventFilter#connection(String)}), {@code countsCalls}, {@code attach} and {@code close}
 * (the whole Brama's).
 */
public sealed interface Circuit permits CircuitOperations {
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

  /**
   * Runs {@code action} through the gate, classifying its outcome with {@code errorHandler}, as
   * {@link Brama#call(String, ErrorHandler, CheckedCallable)}.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param errorHandler what decides whether the action's result or exception is a failure
   * @param action the call to make
   * @return the action's result
   * @throws CircuitOpenException when the gate refuses; the action is not run
   * @throws E when the action throws it
   */
  <T, E extends Exception> T call(ErrorHandler errorHandler, CheckedCallable<T, E> action)
      throws E;

  /**
   * Runs {@code action} through the gate; when the gate refuses, returns {@code fallback}'s answer
   * to the {@link CircuitOpenException}, as {@link Brama#call(String, CheckedCallable, Function)}:
   * the fallback never sees the action's own exceptions.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param action the call to make
   * @param fallback makes the result when the gate refuses
   * @return the action's result, or the fallback's when refused
   * @throws E when the action throws it
   */
  <T, E extends Exception> T call(CheckedCallable<T, E> action,
      Function<? super CircuitOpenException, ? extends T> fallback) throws E;

  /**
   * Runs {@code action} through the gate, as {@link Brama#run(String, CheckedRunnable)}.
   *
   * @param <E> the checked exception the action may throw
   * @param action the call to make
   * @throws CircuitOpenException when the gate refuses; the action is not run
   * @throws E when the action throws it (counted as a failure)
   */
  <E extends Exception> void run(CheckedRunnable<E> action) throws E;

  /**
   * Runs an asynchronous action through the gate, as {@link Brama#callAsync(String, Supplier)}: the
   * outcome is recorded when the stage completes; a refusal gives a future failed with
   * {@link CircuitOpenException}.
   *
   * @param <T> the result type of the stage
   * @param action starts the call and returns its stage; not called when refused
   * @return a future completed with the stage's result or exception
   */
  <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> action);

  /**
   * As {@link #callAsync(Supplier)}, classifying the outcome with {@code errorHandler}.
   *
   * @param <T> the result type of the stage
   * @param errorHandler what decides whether the stage's result or exception is a failure
   * @param action starts the call and returns its stage; not called when refused
   * @return a future completed with the stage's result or exception
   */
  <T> CompletableFuture<T> callAsync(ErrorHandler errorHandler,
      Supplier<? extends CompletionStage<T>> action);

  /**
   * Changes the values {@code config} sets, keeping the others, as
   * {@link Brama#configure(String, ConnectionConfig)}: emits CONFIGURED and takes effect at once.
   *
   * @param config the values to change; unset values keep their current value
   */
  void configure(ConnectionConfig config);

  /** Opens the circuit for the strategy's next expiry (restarting the period if already OPEN). */
  void open();

  /**
   * Opens the circuit for the strategy's next expiry, with a reason carried by the event.
   *
   * @param reason why it was opened, or null
   */
  void open(Object reason);

  /**
   * Opens the circuit for exactly {@code duration} (e.g. a server's Retry-After): no backoff step.
   *
   * @param reason why it was opened, or null
   * @param duration how long it stays OPEN; positive
   */
  void open(Object reason, Duration duration);

  /** Closes the circuit: CLOSED, failure count and consecutive opens cleared. */
  void reset();

  /**
   * Closes the circuit, with a reason carried by the STATE_CHANGE event.
   *
   * @param reason why it was closed, or null
   */
  void reset(Object reason);

  /**
   * Probes the connection with {@code check} every {@code interval}, each probe allowed
   * {@code interval} to answer, as {@link Brama#monitor(String, HealthCheck, Duration)}.
   *
   * @param check the probe to run
   * @param interval the time between probes and each probe's time limit
   * @return the running monitor
   */
  HealthMonitor monitor(HealthCheck check, Duration interval);

  /**
   * Probes the connection with {@code check} every {@code interval}, the first probe now, as
   * {@link Brama#monitor(String, HealthCheck, Duration, Duration)}.
   *
   * @param check the probe to run
   * @param interval the time between probes
   * @param timeout how long one probe may run before it counts as failed
   * @return the running monitor
   * @throws IllegalStateException when the connection already has a monitor
   */
  HealthMonitor monitor(HealthCheck check, Duration interval, Duration timeout);

  /**
   * Unregisters this connection, as {@link Brama#unregister(String)}; a connection registered
   * under the same id since is left alone.
   *
   * @return false when this connection was already unregistered
   */
  boolean unregister();

  /**
   * Whether this connection is still registered (false once unregistered, even when its id has
   * been registered again), as {@link Brama#isRegistered(String)} while it is.
   *
   * @return whether this connection is registered
   */
  boolean isRegistered();
}
