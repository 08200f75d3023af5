package io.brama.internal;

import io.brama.Permit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A permit's call timeout, on the Brama's scheduler and clock: when it fires first it records the
 * permit as a {@link TimeoutException} failure and then tells its owner; when the work ends first
 * {@link #cancel()} wins and the owner records the outcome itself. Exactly one of the two happens.
 */
public final class PermitTimeout implements Permit.Timeout {
  /** For a permit with no call timeout (or a refusal): never fires. */
  static final PermitTimeout NEVER = new PermitTimeout(null, null, 0, 0, null);

  private static final int PENDING = 0;
  private static final int CANCELLED = 1;
  private static final int FIRED = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(PermitTimeout.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final GatePermit permit;
  private final String what;
  private final long startedAt;
  private final long timeoutNanos;
  private final Consumer<? super TimeoutException> onFire;
  @SuppressWarnings("unused") // through STATE
  private volatile int state;
  private volatile Cancellable timer;

  private PermitTimeout(GatePermit permit, String what, long startedAt, long timeoutNanos,
      Consumer<? super TimeoutException> onFire) {
    this.permit = permit;
    this.what = what;
    this.startedAt = startedAt;
    this.timeoutNanos = timeoutNanos;
    this.onFire = onFire;
  }

  /**
   * Starts the timeout of a call that began at {@code startedAt} ({@link Nanos#NONE}: now, and the
   * call's duration is then unknown, so the timeout is not also a slow call).
   *
   * @param what the call, for the message: {@code callAsync('payment_api')}
   */
  static PermitTimeout start(ConnectionCore core, GatePermit permit, String what, long startedAt,
      long timeoutNanos, Consumer<? super TimeoutException> onFire) {
    PermitTimeout t = new PermitTimeout(permit, what, startedAt, timeoutNanos, onFire);
    long begin = startedAt == Nanos.NONE ? core.now() : startedAt;
    t.timer = core.engine().scheduler().schedule(Nanos.plus(begin, timeoutNanos),
        () -> t.fire(core));
    return t;
  }

  private void fire(ConnectionCore core) {
    if (!STATE.compareAndSet(this, PENDING, FIRED)) {
      return;
    }
    TimeoutException timedOut = new TimeoutException(what + " did not complete within "
        + Duration.ofNanos(timeoutNanos));
    permit.record(false, timedOut,
        startedAt == Nanos.NONE ? Nanos.NONE : Math.max(0, core.now() - startedAt));
    onFire.accept(timedOut);
  }

  @Override
  public boolean armed() {
    return this != NEVER;
  }

  @Override
  public boolean cancel() {
    if (this == NEVER) {
      return true;
    }
    if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
      Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      return true;
    }
    return (int) STATE.getVolatile(this) == CANCELLED;
  }

  @Override
  public String toString() {
    return this == NEVER ? "Timeout[none]" : "Timeout[" + what + ", "
        + Duration.ofNanos(timeoutNanos) + ", " + switch ((int) STATE.getVolatile(this)) {
          case PENDING -> "pending";
          case CANCELLED -> "cancelled";
          default -> "fired";
        } + "]";
  }
}
