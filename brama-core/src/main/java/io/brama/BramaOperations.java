package io.brama;

import io.brama.internal.Calls;
import io.brama.internal.Decorator;
import io.brama.internal.Engine;
import io.brama.internal.Registry;
import io.brama.internal.Require;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Brama}'s operations on one connection that go beyond the gate, in a file of their own:
 * configuring, opening and closing by hand, and the decorators, each of which runs a call through
 * the gate, records what it did and hands the caller the call's own result or exception. Users see
 * these methods on {@link Brama}.
 */
abstract sealed class BramaOperations permits Brama {
  final Engine engine;
  /**
   * The engine's registry, held here too: one dependent load less on every call by name. Every
   * per-id method looks its connection up with {@link Registry#require}, then runs the connection's
   * own code (the {@link Circuit} method of the same name, but for the hot paths).
   */
  final Registry connections;

  BramaOperations(Engine engine) {
    this.engine = engine;
    this.connections = engine.registry();
  }

  /**
   * Runs {@code action} through the gate of {@code id}: an exception is a failure, a return a
   * success; the caller gets the action's own result or exception.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param id the connection's id
   * @param action the call to make
   * @return the action's result
   * @throws CircuitOpenException when refused; the action is not run
   * @throws E when the action throws it (counted as a failure)
   */
  public <T, E extends Exception> T call(String id, CheckedCallable<T, E> action) throws E {
    return Calls.call(connections.require(id), ErrorHandler.defaults(), action);
  }

  /**
   * Runs {@code action} through the gate of {@code id}, classifying its outcome with
   * {@code errorHandler}.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param id the connection's id
   * @param errorHandler what decides whether the action's result or exception is a failure
   * @param action the call to make
   * @return the action's result
   * @throws CircuitOpenException when refused; the action is not run
   * @throws E when the action throws it
   */
  public <T, E extends Exception> T call(String id, ErrorHandler errorHandler,
      CheckedCallable<T, E> action) throws E {
    return connections.require(id).call(errorHandler, action);
  }

  /**
   * Runs {@code action} through the gate of {@code id}; when the gate refuses, returns
   * {@code fallback}'s answer to the {@link CircuitOpenException} instead. The fallback is never
   * called for the action's own exceptions (a nested circuit's {@code CircuitOpenException} thrown
   * by the action included): they propagate unchanged.
   *
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @param id the connection's id
   * @param action the call to make
   * @param fallback makes the result when the gate refuses
   * @return the action's result, or the fallback's when refused
   * @throws E when the action throws it
   */
  public <T, E extends Exception> T call(String id, CheckedCallable<T, E> action,
      Function<? super CircuitOpenException, ? extends T> fallback) throws E {
    Require.notNull(fallback, "fallback");
    return connections.require(id).call(action, fallback);
  }

  /**
   * Returns a proxy implementing {@code contract} whose {@link CircuitBreaker}-annotated methods run
   * through their circuits; other methods call {@code target} directly. Everything is validated
   * now: the contract, error handlers and fallbacks; ids not yet registered are registered with the
   * annotations' type and scope.
   *
   * @param <T> the interface type
   * @param contract the interface the proxy implements
   * @param target the object the proxy calls through
   * @return the proxy
   * @throws IllegalArgumentException naming the interface, the method and what is wrong
   */
  public <T> T decorate(Class<T> contract, T target) {
    return Decorator.decorate(engine, contract, target);
  }

  /**
   * Resolves one {@link CircuitBreaker}-annotated method for a framework that intercepts calls
   * itself (the Spring Boot starter's AOP advice uses it). Validated exactly as {@link #decorate}
   * validates: the id, the error handler and the fallback, which is looked up on
   * {@code targetClass}; an id not yet registered is registered with the annotation's type and
   * scope. Resolve once per method and target class, then call {@link GuardedMethod#invoke} for each
   * invocation. Unlike {@link #decorate}, it resolves a method returning a Reactive Streams
   * {@code Publisher} too (its fallback may return the same type or a plain value), for a framework
   * that guards the publisher itself: see {@link GuardedMethod#returnsPublisher()}.
   *
   * @param method the intercepted method
   * @param annotation the annotation that applies to it (on the method, its class or an interface)
   * @param targetClass the class of the objects it is invoked on
   * @return the method's circuit, error handler and fallback, ready to invoke
   * @throws IllegalArgumentException naming the class, the method and what is wrong
   */
  public GuardedMethod guard(Method method, CircuitBreaker annotation, Class<?> targetClass) {
    return Decorator.guard(engine, method, annotation, targetClass);
  }

  /**
   * Runs {@code action} through the gate of {@code id}.
   *
   * @param <E> the checked exception the action may throw
   * @param id the connection's id
   * @param action the call to make
   * @throws CircuitOpenException when refused; the action is not run
   * @throws E when the action throws it (counted as a failure)
   */
  public <E extends Exception> void run(String id, CheckedRunnable<E> action) throws E {
    Require.notNull(action, "action");
    connections.require(id).run(action);
  }

  /**
   * Runs an asynchronous action through the gate of {@code id}; the outcome is recorded when the
   * stage completes. Refusal gives a failed future with {@link CircuitOpenException}.
   *
   * @param <T> the result type of the stage
   * @param id the connection's id
   * @param action starts the call and returns its stage; not called when refused
   * @return a future completed with the stage's result or exception
   */
  public <T> CompletableFuture<T> callAsync(String id,
      Supplier<? extends CompletionStage<T>> action) {
    return connections.require(id).callAsync(action);
  }

  /**
   * As {@link #callAsync(String, Supplier)}, classifying the outcome with {@code errorHandler}.
   *
   * @param <T> the result type of the stage
   * @param id the connection's id
   * @param errorHandler what decides whether the stage's result or exception is a failure
   * @param action starts the call and returns its stage; not called when refused
   * @return a future completed with the stage's result or exception
   */
  public <T> CompletableFuture<T> callAsync(String id, ErrorHandler errorHandler,
      Supplier<? extends CompletionStage<T>> action) {
    return connections.require(id).callAsync(errorHandler, action);
  }

  /**
   * Changes the values {@code config} sets, keeping the others; emits CONFIGURED and takes effect at
   * once (a lower maxAttempts may open the circuit now). A new expiry applies from the next open.
   *
   * @param id the connection's id
   * @param config the values to change; unset values keep their current value
   */
  public void configure(String id, ConnectionConfig config) {
    Require.notNull(config, "config");
    connections.require(id).configure(config);
  }

  // ---- manual operations ----

  /**
   * Opens {@code id} for the strategy's next expiry (restarting the period if already OPEN).
   *
   * @param id the connection's id
   */
  public void open(String id) {
    connections.require(id).open();
  }

  /**
   * Opens {@code id} for the strategy's next expiry, with a reason carried by the event.
   *
   * @param id the connection's id
   * @param reason why it was opened, or null
   */
  public void open(String id, Object reason) {
    connections.require(id).open(reason);
  }

  /**
   * Opens {@code id} for exactly {@code duration} (e.g. a server's Retry-After): no backoff step.
   *
   * @param id the connection's id
   * @param reason why it was opened, or null
   * @param duration how long it stays OPEN; positive
   */
  public void open(String id, Object reason, Duration duration) {
    Require.positive(duration, "duration");
    connections.require(id).open(reason, duration);
  }

  /**
   * Closes {@code id}: CLOSED, failure count and consecutive opens cleared.
   *
   * @param id the connection's id
   */
  public void reset(String id) {
    connections.require(id).reset();
  }

  /**
   * Closes {@code id}, with a reason carried by the STATE_CHANGE event.
   *
   * @param id the connection's id
   * @param reason why it was closed, or null
   */
  public void reset(String id, Object reason) {
    connections.require(id).reset(reason);
  }

  /**
   * Probes {@code id} with {@code check} every {@code interval} (the first probe now), each probe
   * allowed {@code interval} to answer; see {@link #monitor(String, HealthCheck, Duration, Duration)}.
   *
   * @param id the connection's id
   * @param check the probe to run
   * @param interval the time between probes and each probe's time limit
   * @return the running monitor
   */
  public HealthMonitor monitor(String id, HealthCheck check, Duration interval) {
    return engine.monitor(id, check, interval, interval);
  }

  /**
   * Probes {@code id} with {@code check} every {@code interval}, the first probe now. Probes run on
   * their own threads (virtual where the JDK has them), never two at once for one connection, and
   * report like traffic with two differences. In CLOSED a failed probe adds a failure but a healthy
   * one never resets the count (an open port must not hide failing requests). While the monitor
   * runs, the half-open trial is the probe's: the first probe at or after the expiry is the trial,
   * and callers are refused until its verdict, so a dependency without traffic still recovers and
   * no user call is the test. A probe that outlives {@code timeout} is a failed probe and is
   * interrupted. One monitor per connection; it stops with {@link HealthMonitor#stop()}, when the
   * connection is unregistered, or when this Brama closes.
   *
   * @param id the connection's id
   * @param check the probe to run
   * @param interval the time between probes
   * @param timeout how long one probe may run before it counts as failed
   * @return the running monitor
   * @throws IllegalStateException when {@code id} already has a monitor
   * @throws UnknownConnectionException when {@code id} is not registered
   */
  public HealthMonitor monitor(String id, HealthCheck check, Duration interval,
      Duration timeout) {
    return engine.monitor(id, check, interval, timeout);
  }
}
