package io.brama.internal;

import io.brama.CheckedCallable;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.Permit;
import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
    Require.notNull(handler, "errorHandler");
    Require.notNull(action, "action");
    Permit permit = core.permit();
    if (!permit.granted()) {
      throw new CircuitOpenException(core.id(), permit.retryAfter());
    }
    T result;
    if (handler == DefaultErrorHandler.INSTANCE) {
      try {
        result = action.call();
      } catch (Throwable t) {
        permit.failure(t);
        throw t;
      }
      permit.success();
      return result;
    }
    try {
      result = action.call();
    } catch (Throwable t) {
      complete(permit, classify(core, handler, null, t));
      throw t;
    }
    complete(permit, classify(core, handler, result, null));
    return result;
  }

  /** {@code callAsync}: a failed future with {@link CircuitOpenException} when refused. */
  public static <T> CompletableFuture<T> callAsync(ConnectionCore core, ErrorHandler handler,
      Supplier<? extends CompletionStage<T>> action) {
    Require.notNull(handler, "errorHandler");
    Require.notNull(action, "action");
    Permit permit = core.permit();
    if (!permit.granted()) {
      return CompletableFuture.failedFuture(
          new CircuitOpenException(core.id(), permit.retryAfter()));
    }
    CompletionStage<T> stage;
    try {
      stage = action.get();
    } catch (Throwable t) {
      permit.failure(t); // the action did not even start: always a failure, whatever the handler
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      NullPointerException npe = new NullPointerException(
          "the action of callAsync('" + core.id() + "') returned null instead of a CompletionStage");
      complete(permit, Outcome.failure(npe));
      return CompletableFuture.failedFuture(npe);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      try {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
          permit.ignore();
        } else {
          complete(permit, classify(core, handler, cause == null ? value : null, cause));
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
        try {
          stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException e) {
          // this stage cannot be cancelled from outside; its own completion still reports
        }
      }
    });
    return result;
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
          "error handler " + handler + " returned null for connection '" + core.id() + "'");
      LOG.log(Level.WARNING, npe.getMessage());
      return Outcome.failure(npe);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "error handler " + handler + " of connection '" + core.id()
          + "' threw; recording a failure", e);
      return Outcome.failure(e);
    }
  }

  static void complete(Permit permit, Outcome outcome) {
    switch (outcome.kind()) {
      case SUCCESS -> permit.success();
      case FAILURE -> permit.failure(outcome.reason());
      default -> permit.ignore();
    }
  }
}
