package io.brama.internal;

import io.brama.CheckedCallable;
import io.brama.CheckedRunnable;
import io.brama.Circuit;
import io.brama.CircuitOpenException;
import io.brama.ConnectionConfig;
import io.brama.ErrorHandler;
import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Circuit}'s operations beyond the gate, in a file of their own (as {@code BramaOperations}
 * is for {@code Brama}): the decorators but the plain {@code call}, opening and closing by hand,
 * configuring, monitoring and unregistering. {@code Brama}'s methods of the same names run this
 * code for the connection they look up. A superclass of {@link ConnectionCore}, which keeps the gate
 * and the outcomes; it adds no field, so the connection's layout and hot paths are as they were.
 */
public abstract sealed class CircuitOperations extends StateCell implements Circuit
    permits ConnectionCore {

  CircuitOperations(Engine engine, String id) {
    super(engine, id);
  }

  private ConnectionCore core() {
    return (ConnectionCore) this;
  }

  // ---- decorators (the plain call, the hot one, is ConnectionCore's) ----

  @Override
  public <T, E extends Exception> T call(ErrorHandler errorHandler, CheckedCallable<T, E> action)
      throws E {
    return Calls.call(core(), errorHandler, action);
  }

  @Override
  public <T, E extends Exception> T call(CheckedCallable<T, E> action,
      Function<? super CircuitOpenException, ? extends T> fallback) throws E {
    Require.notNull(fallback, "fallback");
    return Calls.call(core(), ErrorHandler.defaults(), action, fallback);
  }

  @Override
  public <E extends Exception> void run(CheckedRunnable<E> action) throws E {
    Require.notNull(action, "action");
    Calls.call(core(), ErrorHandler.defaults(), () -> {
      action.run();
      return null;
    });
  }

  @Override
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> action) {
    return Calls.callAsync(core(), ErrorHandler.defaults(), action);
  }

  @Override
  public <T> CompletableFuture<T> callAsync(ErrorHandler errorHandler,
      Supplier<? extends CompletionStage<T>> action) {
    return Calls.callAsync(core(), errorHandler, action);
  }

  // ---- configuration and manual operations ----

  @Override
  public void configure(ConnectionConfig config) {
    Require.notNull(config, "config");
    run(Inputs.configure(config), true);
  }

  @Override
  public void open() {
    manualOpen(null, -1);
  }

  @Override
  public void open(Object reason) {
    manualOpen(reason, -1);
  }

  @Override
  public void open(Object reason, Duration duration) {
    Require.positive(duration, "duration");
    manualOpen(reason, Nanos.of(duration));
  }

  /** Manual open; {@code fixedNanos < 0} means the strategy's next expiry. */
  private void manualOpen(Object reason, long fixedNanos) {
    run(Inputs.manualOpen(reason, fixedNanos), true);
  }

  @Override
  public void reset() {
    reset(null);
  }

  @Override
  public void reset(Object reason) {
    run(Inputs.reset(reason), true);
  }

  // ---- monitoring and the registry ----

  @Override
  public HealthMonitor monitor(HealthCheck check, Duration interval) {
    return monitor(check, interval, interval);
  }

  @Override
  public HealthMonitor monitor(HealthCheck check, Duration interval, Duration timeout) {
    Require.notNull(check, "check");
    Require.positive(interval, "interval");
    Require.positive(timeout, "timeout");
    return engine.monitors().start(core(), check, interval, timeout);
  }

  @Override
  public boolean unregister() {
    engine.lifecycle().ensureOpen();
    return engine.registry().unregister(core());
  }

  @Override
  public boolean isRegistered() {
    engine.lifecycle().ensureOpen();
    return !core().removed();
  }
}
