package io.brama.http;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.Permit;
import io.brama.UnknownConnectionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One HTTP exchange through the circuit, from {@link HttpGuard#begin}: it holds the permit and
 * records exactly one outcome, the first of {@link #response}, {@link #failed}, {@link #cancelled}
 * and the call timeout; the later ones record nothing and answer false. What is recorded:
 * <ul>
 *   <li>a 429 or 503 whose {@code Retry-After} asks for a positive wait (with
 *       {@link HttpRules#retryAfter()}): the circuit opens for that wait, at most
 *       {@link HttpRules#maxRetryAfter()}, and the call itself counts as neither success nor
 *       failure ({@code ignore}): the server said when to come back, not that it is broken;
 *   <li>any other response: a failure when {@link HttpRules#failureStatus()} says so, else a
 *       success; either is slow when it took longer than the connection's slow-call threshold
 *       (the permit times itself on the Brama's clock);
 *   <li>an error (connect refused, reset, read or connect timeout): classified by the connection's
 *       exception rules, a failure with the defaults;
 *   <li>a cancellation by the caller: nothing, the permit (a trial slot too) is freed.
 * </ul>
 * A refused call records nothing more (the refusal is counted when the gate refuses). Thread-safe.
 */
public final class HttpCall {
  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(HttpCall.class, "done", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Brama brama;
  private final HttpRules rules;
  private final String id;
  private final Permit permit;
  /** Set by {@link #onTimeout} before the request is sent; null without one. */
  private volatile Permit.Timeout timeout;
  @SuppressWarnings("unused") // through DONE
  private volatile boolean done;

  HttpCall(Brama brama, HttpRules rules, String id, Permit permit) {
    this.brama = brama;
    this.rules = rules;
    this.id = id;
    this.permit = permit;
  }

  /**
   * The connection id this call is recorded on.
   *
   * @return the connection id
   */
  public String connectionId() {
    return id;
  }

  /**
   * Whether the gate admitted the call; when false, send nothing and fail the caller with
   * {@link #rejection()}.
   *
   * @return whether the request may be sent
   */
  public boolean admitted() {
    return permit.granted();
  }

  /**
   * What a refused caller gets: a {@link CircuitOpenException} carrying the connection id and the
   * time until the gate may admit a call.
   *
   * @return a new exception, without a stack trace
   * @throws IllegalStateException if the call was admitted
   */
  public CircuitOpenException rejection() {
    if (permit.granted()) {
      throw new IllegalStateException("the call to '" + id + "' was admitted, not refused");
    }
    return new CircuitOpenException(id, permit.retryAfter());
  }

  /**
   * For a client that can abandon a call (an asynchronous one): applies the connection's
   * {@code callTimeout} on the Brama's clock. When it passes first, a {@code TimeoutException}
   * failure is recorded and then handed to {@code action} (cancel the exchange, fail the caller
   * with it). Call it at most once, after {@link #admitted()} and before the request is sent.
   *
   * @param action what to do when the timeout fires
   * @return whether a timer was set: false without a {@code callTimeout} or for a refused call
   * @throws IllegalStateException when called a second time
   */
  public boolean onTimeout(Consumer<? super TimeoutException> action) {
    if (action == null) {
      throw new NullPointerException("action must not be null");
    }
    if (timeout != null) {
      throw new IllegalStateException("onTimeout was already called for this call to '" + id + "'");
    }
    Permit.Timeout t = permit.onTimeout(action);
    timeout = t;
    return t.armed();
  }

  /**
   * The server answered {@code status}: records it as the class comment says.
   *
   * @param status the response's status code
   * @param retryAfter the response's {@code Retry-After} value, or null without one
   * @param date the response's {@code Date} value, or null without one
   * @return whether this recorded the call's outcome (false: already recorded, or refused)
   */
  public boolean response(int status, String retryAfter, String date) {
    Duration wait = rules.retryAfter() && (status == 429 || status == 503)
        ? RetryAfter.delay(retryAfter, date, brama.clock(), rules.maxRetryAfter()) : null;
    if (!claim()) {
      return false;
    }
    if (wait != null) {
      permit.ignore();
      try {
        brama.open(id, "HTTP " + status + " Retry-After: " + retryAfter.strip(), wait);
      } catch (UnknownConnectionException e) {
        // unregistered while the request was in flight: nothing left to open
      }
    } else if (rules.failureStatus().test(status)) {
      permit.failure("HTTP " + status);
    } else {
      permit.success();
    }
    return true;
  }

  /**
   * The exchange failed with {@code error} (a {@code CompletionException} or
   * {@code ExecutionException} is looked through): a {@code CancellationException} or an
   * {@code InterruptedException} is the caller's cancellation and records nothing; any other
   * error is classified by the connection's exception rules (a failure with the defaults).
   *
   * @param error what the exchange failed with
   * @return whether this recorded the call's outcome (false: already recorded, or refused)
   */
  public boolean failed(Throwable error) {
    if (error == null) {
      throw new NullPointerException("error must not be null");
    }
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CancellationException || cause instanceof InterruptedException) {
      return cancelled();
    }
    if (!claim()) {
      return false;
    }
    permit.complete(null, cause);
    return true;
  }

  /**
   * The caller cancelled the exchange: nothing is recorded and the permit, a trial slot too, is
   * freed.
   *
   * @return whether this ended the call (false: its outcome was already recorded, or refused)
   */
  public boolean cancelled() {
    if (!claim()) {
      return false;
    }
    permit.ignore();
    return true;
  }

  @Override
  public String toString() {
    return "HttpCall[" + id + (permit.granted() ? ", admitted" : ", refused") + "]";
  }

  /** Whether the caller may record: admitted, the timer has not recorded, nothing else did. */
  private boolean claim() {
    if (!permit.granted()) {
      return false;
    }
    Permit.Timeout t = timeout;
    return (t == null || t.cancel()) && DONE.compareAndSet(this, false, true);
  }
}
