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
   * The fallback never sees the action's own exceptions.
   */
  public static <T, E extends Exception> T call(ConnectionCore core, ErrorHandler handler,
      CheckedCallable<T, E> action, Function<? super CircuitOpenException, ? extends T> fallback)
      throws E {
    Require.notNull(handler, "errorHandler");
    Require.notNull(action, "action");
    Permit permit = core.permit();
    if (!permit.granted()) {
      CircuitOpenException rejection = rejection(core, permit);
      if (fallback == null) {
        throw rejection;
      }
      return fallback.apply(rejection);
    }
    T result;
    try {
      result = action.call();
    } catch (Throwable t) {
      record(core, permit, handler, null, t);
      throw t;
    }
    record(core, permit, handler, result, null);
    return result;
  }

  /** The exception for a refused permit. */
  public static CircuitOpenException rejection(ConnectionCore core, Permit refused) {
    return new CircuitOpenException(core.id(), refused.retryAfter());
  }

  /** Completes {@code permit} with what {@code handler} makes of the call's result or exception. */
  public static void record(ConnectionCore core, Permit permit, ErrorHandler handler,
      Object result, Throwable error) {
    if (handler == DefaultErrorHandler.INSTANCE) {
      if (error == null) {
        permit.success();
      } else {
        permit.failure(error);
      }
      return;
    }
    complete(permit, classify(core, handler, result, error));
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
    Permit permit = core.permit();
    if (!permit.granted()) {
      CircuitOpenException rejection = rejection(core, permit);
      return fallback == null ? CompletableFuture.failedFuture(rejection)
          : fallback.apply(rejection).toCompletableFuture();
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
