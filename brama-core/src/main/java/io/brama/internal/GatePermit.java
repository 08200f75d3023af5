package io.brama.internal;

import io.brama.Permit;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Brama's permits: every public completion funnels into {@link #record}. A permit that times itself
 * ({@link #grantedAt()} set: a call on a connection that measures slow calls) gives its
 * {@code success()}/{@code failure(reason)} the time since it was granted, on the Brama's clock.
 */
public abstract sealed class GatePermit implements Permit
    permits ClosedPermit, ObservedPermit, RefusedPermit, TimedClosedPermit, TrialPermit {
  /**
   * Records the call's outcome.
   *
   * @param elapsedNanos how long the call took, or {@link Nanos#NONE} when unknown (never slow)
   */
  abstract void record(boolean success, Object reason, long elapsedNanos);

  /** The connection, or null for a permit that admitted nothing. */
  abstract ConnectionCore core();

  /** When this permit was granted (the Brama's clock), or {@link Nanos#NONE}: it is not timed. */
  long grantedAt() {
    return Nanos.NONE;
  }

  /** Granted, unless a refusal says otherwise. */
  @Override
  public boolean granted() {
    return true;
  }

  /** Zero for a granted permit; a refusal answers with the connection's wait. */
  @Override
  public Duration retryAfter() {
    return Duration.ZERO;
  }

  private long elapsedSinceGranted() {
    long at = grantedAt();
    return at == Nanos.NONE ? Nanos.NONE : Math.max(0, core().now() - at);
  }

  @Override
  public void success() {
    record(true, null, elapsedSinceGranted());
  }

  @Override
  public final void success(Duration elapsed) {
    record(true, null, elapsedNanos(elapsed));
  }

  @Override
  public final void failure(Object reason) {
    record(false, reason, elapsedSinceGranted());
  }

  @Override
  public final void failure(Object reason, Duration elapsed) {
    record(false, reason, elapsedNanos(elapsed));
  }

  @Override
  public final void complete(Object result, Throwable error) {
    if (error == null) {
      success();
      return;
    }
    ConnectionCore core = core();
    if (core == null) {
      return; // refused: nothing was admitted
    }
    switch (core.settings().verdict(error)) {
      case FAILURE -> failure(error);
      case IGNORE -> ignore();
      default -> success();
    }
  }

  @Override
  public final Timeout onTimeout(Consumer<? super TimeoutException> action) {
    Require.notNull(action, "action");
    ConnectionCore core = core();
    long timeoutNanos = core == null ? Nanos.NONE : core.settings().callTimeoutNanos;
    if (timeoutNanos == Nanos.NONE) {
      return PermitTimeout.NEVER;
    }
    return PermitTimeout.start(core, this, "the call to '" + core.id() + "'",
        grantedAt(), timeoutNanos, action);
  }

  private static long elapsedNanos(Duration elapsed) {
    Require.notNull(elapsed, "elapsed");
    return elapsed.isNegative() ? 0 : Nanos.of(elapsed);
  }
}
