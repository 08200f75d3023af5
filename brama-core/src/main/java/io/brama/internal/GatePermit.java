package io.brama.internal;

import io.brama.Permit;
import java.time.Duration;

/** Brama's permits: every public completion funnels into {@link #complete}. */
public abstract sealed class GatePermit implements Permit
    permits ClosedPermit, RefusedPermit, TrialPermit {
  /**
   * Completes the call.
   *
   * @param elapsedNanos how long the call took, or {@link Nanos#NONE} when unknown (never slow)
   */
  abstract void complete(boolean success, Object reason, long elapsedNanos);

  @Override
  public final void success() {
    complete(true, null, Nanos.NONE);
  }

  @Override
  public final void success(Duration elapsed) {
    complete(true, null, elapsedNanos(elapsed));
  }

  @Override
  public final void failure(Object reason) {
    complete(false, reason, Nanos.NONE);
  }

  @Override
  public final void failure(Object reason, Duration elapsed) {
    complete(false, reason, elapsedNanos(elapsed));
  }

  private static long elapsedNanos(Duration elapsed) {
    Require.notNull(elapsed, "elapsed");
    return elapsed.isNegative() ? 0 : Nanos.of(elapsed);
  }
}
