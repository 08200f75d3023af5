package io.brama.internal;

import java.time.Duration;

/**
 * A refusal. One per OPEN/HALF_OPEN snapshot, made with the snapshot, so refusing allocates nothing;
 * {@link #retryAfter()} is the connection's wait when asked (as {@code status().retryAfter()}).
 */
public final class RefusedPermit extends GatePermit {
  private final ConnectionCore core;

  RefusedPermit(ConnectionCore core) {
    this.core = core;
  }

  @Override
  ConnectionCore core() {
    return null; // nothing was admitted
  }

  @Override
  public boolean granted() {
    return false;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofNanos(core.retryAfterNanos());
  }

  @Override
  void record(boolean success, Object reason, long elapsedNanos) {
    // Nothing was admitted, so there is nothing to report.
  }

  @Override
  public void ignore() {
    // Nothing was admitted, so there is nothing to report.
  }

  @Override
  public String toString() {
    return "Permit[" + core.id() + ", refused]";
  }
}
