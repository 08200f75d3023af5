package io.brama.reactor;

import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.Permit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One guarded subscription: it holds the permit from subscription to the first of completion,
 * error, cancellation and timeout, and records exactly one outcome. The permit's own timeout handle
 * decides between the source and the timer ({@link Permit.Timeout#cancel()} answers false once the
 * timer recorded); a state flag decides between the source's terminal signal and the subscriber's
 * cancellation. Not fuseable: it requests through, so the operators around it fuse with nothing.
 */
final class GuardedSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {
  private static final System.Logger LOG = System.getLogger(BramaOperator.class.getName());
  private static final int ACTIVE = 0;
  private static final int DONE = 1;
  private static final VarHandle STATE;
  private static final VarHandle HOLDS;
  private static final VarHandle TIMEOUT_SENT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(GuardedSubscriber.class, "state", int.class);
      HOLDS = lookup.findVarHandle(GuardedSubscriber.class, "holds", int.class);
      TIMEOUT_SENT = lookup.findVarHandle(GuardedSubscriber.class, "timeoutSent", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CoreSubscriber<? super T> actual;
  private final Permit permit;
  /** The Mono rules: the value is the answer, recorded when it arrives. */
  private final boolean mono;
  /** Its error handler, errors that always fail, and id (for the log). */
  private final BramaOperator<T> operator;
  /** Set before the source is subscribed, so every signal sees it. */
  private volatile Permit.Timeout timeout;
  /**
   * Whether a timer can fire: without one no signal can be overtaken, so a Flux's elements skip
   * the in-flight count. Written before the source is subscribed.
   */
  private boolean armed;
  private volatile Subscription upstream;
  @SuppressWarnings("unused") // through STATE
  private volatile int state;
  /**
   * Signals on their way to the subscriber that the timer's error must not overtake: 1 until
   * {@code onSubscribe} has been passed on, plus one per {@code onNext} of a Flux in flight. The
   * last one out sends a pending timeout.
   */
  @SuppressWarnings("unused") // through HOLDS
  private volatile int holds = 1;
  @SuppressWarnings("unused") // through TIMEOUT_SENT
  private volatile int timeoutSent;
  private volatile boolean timedOut;
  /** The failure the timer recorded, written before {@link #timedOut}. */
  private TimeoutException timeoutError;
  /** The subscriber cancelled: a timeout that fires now records but sends nothing. */
  private volatile boolean cancelled;
  /** An element reached the subscriber (the remote answered). */
  private volatile boolean answered;

  private GuardedSubscriber(CoreSubscriber<? super T> actual, Permit permit, boolean mono,
      BramaOperator<T> operator) {
    this.actual = actual;
    this.permit = permit;
    this.mono = mono;
    this.operator = operator;
  }

  /** A refused subscription: the fallback's publisher when there is one, else the rejection. */
  private static <T> void refuse(CoreSubscriber<? super T> actual, BramaOperator<T> operator,
      boolean mono, CircuitOpenException rejection) {
    var fallback = operator.fallback();
    if (fallback == null) {
      Operators.error(actual, rejection);
      return;
    }
    Publisher<? extends T> instead;
    try {
      instead = Objects.requireNonNull(fallback.apply(rejection),
          "the fallback returned no publisher");
    } catch (RuntimeException | Error e) {
      Exceptions.throwIfJvmFatal(e);
      Operators.error(actual, e);
      return;
    }
    if (mono) {
      Mono.<T>from(instead).subscribe(actual);
    } else {
      Flux.<T>from(instead).subscribe(actual);
    }
  }

  /** Takes the permit for this subscription and, when granted, subscribes the source. */
  static <T> void subscribe(Publisher<? extends T> source, CoreSubscriber<? super T> actual,
      BramaOperator<T> operator, boolean mono) {
    Permit permit;
    try {
      permit = operator.acquire();
    } catch (RuntimeException e) { // an unknown id, a closed Brama: this subscription fails
      Operators.error(actual, e);
      return;
    }
    if (!permit.granted()) {
      refuse(actual, operator, mono, new CircuitOpenException(operator.id(), permit.retryAfter()));
      return;
    }
    GuardedSubscriber<T> guarded = new GuardedSubscriber<>(actual, permit, mono, operator);
    Permit.Timeout timeout = permit.onTimeout(guarded::timedOut);
    guarded.armed = timeout.armed();
    guarded.timeout = timeout;
    source.subscribe(guarded);
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (!Operators.validate(upstream, s)) {
      return;
    }
    upstream = s;
    if (timedOut) { // the timer fired before the source subscribed us
      s.cancel();
    }
    actual.onSubscribe(this);
    release();
  }

  @Override
  public void onNext(T t) {
    if (mono) {
      if (claim()) {
        answered = true;
        record(t, null);
        actual.onNext(t);
      } else {
        Operators.onDiscard(t, actual.currentContext());
      }
      return;
    }
    if (!armed) {
      if (!answered) {
        answered = true;
      }
      actual.onNext(t);
      return;
    }
    HOLDS.getAndAdd(this, 1);
    if (timedOut) {
      Operators.onDiscard(t, actual.currentContext());
    } else {
      if (!answered) {
        answered = true;
      }
      actual.onNext(t);
    }
    release();
  }

  @Override
  public void onError(Throwable e) {
    if (claim()) {
      record(null, e);
      actual.onError(e);
    } else {
      Operators.onErrorDropped(e, actual.currentContext());
    }
  }

  @Override
  public void onComplete() {
    if (mono && answered) { // recorded with the value
      actual.onComplete();
    } else if (claim()) {
      record(null, null);
      actual.onComplete();
    }
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    cancelled = true;
    if (claim()) {
      if (answered) {
        permit.success();
      } else {
        permit.ignore(); // nothing answered yet: says nothing about the remote; frees a trial slot
      }
    }
    upstream.cancel();
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public Object scanUnsafe(Attr key) {
    if (key == Attr.PARENT) {
      return upstream;
    }
    if (key == Attr.ACTUAL) {
      return actual;
    }
    if (key == Attr.TERMINATED) {
      return (int) STATE.getVolatile(this) == DONE && !cancelled;
    }
    if (key == Attr.CANCELLED) {
      return cancelled;
    }
    return key == Attr.RUN_STYLE ? Attr.RunStyle.SYNC : null;
  }

  /**
   * Whether this signal decides the outcome: the timer has not recorded (and now never will) and
   * no other signal decided first.
   */
  private boolean claim() {
    return (int) STATE.getVolatile(this) == ACTIVE && timeout.cancel()
        && STATE.compareAndSet(this, ACTIVE, DONE);
  }

  /** Records the outcome by the error handler, or by the connection's rules without one. */
  private void record(Object result, Throwable error) {
    if (error != null && operator.failsOn(error)) {
      permit.failure(error);
      return;
    }
    ErrorHandler errorHandler = operator.errorHandler();
    if (errorHandler == null) {
      permit.complete(result, error);
      return;
    }
    Outcome outcome;
    try {
      outcome = Objects.requireNonNull(errorHandler.classify(result, error),
          "the error handler returned no outcome");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "error handler " + errorHandler.getClass().getName()
          + " failed on the call to '" + operator.id() + "'; recorded as a failure", e);
      permit.failure(error != null ? error : e);
      return;
    }
    switch (outcome.kind()) {
      case SUCCESS -> permit.success();
      case IGNORE -> permit.ignore();
      default -> permit.failure(outcome.reason());
    }
  }

  /** The timer recorded the timeout; cancel the source and tell the subscriber, in order. */
  private void timedOut(TimeoutException recorded) {
    timeoutError = recorded;
    STATE.setVolatile(this, DONE);
    timedOut = true;
    Subscription s = upstream;
    if (s != null) {
      s.cancel();
    }
    if ((int) HOLDS.getVolatile(this) == 0) {
      sendTimeout();
    }
  }

  private void release() {
    if ((int) HOLDS.getAndAdd(this, -1) == 1 && timedOut) {
      sendTimeout();
    }
  }

  private void sendTimeout() {
    if (!cancelled && TIMEOUT_SENT.compareAndSet(this, 0, 1)) {
      actual.onError(timeoutError);
    }
  }
}
