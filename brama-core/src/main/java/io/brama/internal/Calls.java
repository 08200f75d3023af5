package io.brama.internal;

import io.brama.CheckedCallable;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.Permit;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The decorators: take a permit, run the action, classify what it did, complete the permit, and
 * hand the caller the action's own result or exception.
 */
public final class Calls {
  private static final System.Logger LOG = System.getLogger("io.brama");

  private Calls() {}

  /** {@code call}: throws {@link CircuitOpenException} (no stack trace) when refused. */
  public static <T, E extends Exception> T call(ConnectionCore core, ErrorHandler handler,
      CheckedCallable<T, E> action) throws E {
    return call(core, handler, action, null);
  }

  /**
   * {@code call} with a fallback for rejections ({@code null}: throw the {@link CircuitOpenException}).
   * The fallback never sees the action's own exceptions. Kept small so that the JIT inlines it: a
   * CLOSED circuit whose calls are not timed reads the snapshot once before the call and once
   * after; everything else lives in {@link #guarded}.
   */
  public static <T, E extends Exception> T call(ConnectionCore core, ErrorHandler handler,
      CheckedCallable<T, E> action, Function<? super CircuitOpenException, ? extends T> fallback)
      throws E {
    Require.notNull(handler, "errorHandler");
    Require.notNull(action, "action");
    State s = core.state;
    if (!s.plainCalls) {
      return guarded(core, handler, action, fallback);
    }
    T result;
    try {
      result = action.call();
    } catch (Throwable t) {
      record(core, ((Closed) s).permit, handler, null, t, Nanos.NONE);
      throw t;
    }
    if (handler == DefaultErrorHandler.INSTANCE) {
      core.permitSuccess(s.generation);
    } else {
      record(core, ((Closed) s).permit, handler, result, null, Nanos.NONE);
    }
    return result;
  }

  /** {@code call} through the gate: any state, timed calls. */
  private static <T, E extends Exception> T guarded(ConnectionCore core, ErrorHandler handler,
      CheckedCallable<T, E> action, Function<? super CircuitOpenException, ? extends T> fallback)
      throws E {
    long wait = core.refusedAtOnce();
    if (wait > 0) {
      return rejected(core, wait, fallback); // the wait of the same look at the clock
    }
    GatePermit permit = core.permit();
    if (!permit.granted()) {
      return rejected(core, Nanos.of(permit.retryAfter()), fallback);
    }
    permit = ObservedPermit.of(core, permit);
    long start = core.settings().measuresSlowCalls() ? core.now() : Nanos.NONE;
    T result = null;
    Throwable error = null;
    try {
      result = action.call();
    } catch (Throwable t) {
      error = t;
    }
    // One place records either outcome: one inlined copy of the report path, not two, keeps the
    // compiled call small (a flapping circuit measured 5 % faster).
    record(core, permit, handler, result, error, start);
    if (error != null) {
      throw sneaky(error);
    }
    return result;
  }

  private static <T> T rejected(ConnectionCore core, long waitNanos,
      Function<? super CircuitOpenException, ? extends T> fallback) {
    CircuitOpenException rejection =
        new CircuitOpenException(core.id(), Duration.ofNanos(waitNanos));
    ObservedPermit.refused(core, rejection);
    if (fallback == null) {
      throw rejection;
    }
    return fallback.apply(rejection);
  }

  /** The exception for a refused permit. */
  public static CircuitOpenException rejection(ConnectionCore core, Permit refused) {
    return new CircuitOpenException(core.id(), refused.retryAfter());
  }

  /**
   * Completes {@code permit} with what {@code handler} makes of the call's result or exception;
   * {@code start} is when the call began ({@link Nanos#NONE} when calls are not timed).
   */
  public static void record(ConnectionCore core, Permit permit, ErrorHandler handler,
      Object result, Throwable error, long start) {
    GatePermit p = (GatePermit) permit;
    long elapsed = start == Nanos.NONE ? Nanos.NONE : Math.max(0, core.now() - start);
    if (handler != DefaultErrorHandler.INSTANCE) {
      complete(p, classify(core, handler, result, error), elapsed);
      return;
    }
    Outcome.Kind verdict = error == null ? Outcome.Kind.SUCCESS : core.settings().verdict(error);
    if (verdict == Outcome.Kind.IGNORE) {
      p.ignore();
      return;
    }
    boolean success = verdict == Outcome.Kind.SUCCESS;
    p.record(success, success ? null : error, elapsed);
  }

  /** {@code callAsync}: a failed future with {@link CircuitOpenException} when refused. */
  public static <T> CompletableFuture<T> callAsync(ConnectionCore core, ErrorHandler handler,
      Supplier<? extends CompletionStage<T>> action) {
    return callAsync(core, handler, action, null);
  }

  /**
   * {@code callAsync} with a fallback for rejections ({@code null}: a future failed with the
   * {@link CircuitOpenException}).
   */
  public static <T> CompletableFuture<T> callAsync(ConnectionCore core, ErrorHandler handler,
      Supplier<? extends CompletionStage<T>> action,
      Function<? super CircuitOpenException, ? extends CompletionStage<T>> fallback) {
    Require.notNull(handler, "errorHandler");
    Require.notNull(action, "action");
    GatePermit gate = core.permit();
    if (!gate.granted()) {
      CircuitOpenException rejection = rejection(core, gate);
      ObservedPermit.refused(core, rejection);
      return fallback == null ? CompletableFuture.failedFuture(rejection)
          : fallback.apply(rejection).toCompletableFuture();
    }
    Permit permit = ObservedPermit.of(core, gate);
    long start = core.settings().measuresSlowCalls() ? core.now() : Nanos.NONE;
    CompletionStage<T> stage;
    try {
      stage = action.get();
    } catch (Throwable t) {
      // Classified like a stage that failed: a failure unless the handler or the rules say ignore.
      record(core, permit, handler, null, t, start);
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      NullPointerException npe = new NullPointerException(
          "the action of callAsync('" + core.id() + "') returned null instead of a CompletionStage");
      permit.failure(npe);
      return CompletableFuture.failedFuture(npe);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    long timeoutNanos = core.settings().callTimeoutNanos;
    PermitTimeout timeout = timeoutNanos == Nanos.NONE ? null
        : PermitTimeout.start(core, (GatePermit) permit, "callAsync('" + core.id() + "')", start,
            timeoutNanos, timedOut -> {
              result.completeExceptionally(timedOut);
              cancel(stage);
            });
    stage.whenComplete((value, error) -> {
      if (timeout != null && !timeout.cancel()) {
        return; // the timeout came first and was recorded
      }
      try {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
          permit.ignore();
        } else {
          record(core, permit, handler, cause == null ? value : null, cause, start);
        }
      } finally {
        if (error == null) {
          result.complete(value);
        } else {
          result.completeExceptionally(error);
        }
      }
    });
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        cancel(stage);
      }
    });
    return result;
  }

  private static void cancel(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException e) {
      // this stage cannot be cancelled from outside; its own completion is ignored or reported
    }
  }

  /** Rethrows any throwable from a context that declares none; the caller writes {@code throw}. */
  static RuntimeException sneaky(Throwable t) {
    throw Calls.<RuntimeException>sneakyThrow(t);
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X sneakyThrow(Throwable t) throws X {
    throw (X) t;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The handler's verdict; a handler that throws or returns null gives a failure. */
  static Outcome classify(ConnectionCore core, ErrorHandler handler, Object result, Throwable error) {
    try {
      Outcome o = handler.classify(result, error);
      if (o != null) {
        return o;
      }
      NullPointerException npe = new NullPointerException(
          "error handler " + Safe.describe(handler) + " returned null for connection '" + core.id()
          + "'");
      LOG.log(Level.WARNING, npe.getMessage());
      return Outcome.failure(npe);
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "error handler " + Safe.describe(handler) + " of connection '"
          + core.id()
          + "' threw; recording a failure", e);
      return Outcome.failure(e);
    }
  }

  static void complete(GatePermit permit, Outcome outcome, long elapsedNanos) {
    switch (outcome.kind()) {
      case SUCCESS -> permit.record(true, null, elapsedNanos);
      case FAILURE -> permit.record(false, outcome.reason(), elapsedNanos);
      default -> permit.ignore();
    }
  }
}
