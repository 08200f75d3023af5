package io.brama.internal;

import io.brama.Permit;
import java.time.Duration;

/**
 * A refusal. One per OPEN/HALF_OPEN snapshot, made with the snapshot, so refusing allocates nothing;
 * {@link #retryAfter()} is measured when asked.
 */
final class RefusedPermit implements Permit {
  private final ConnectionCore core;
  private final Snapshot snapshot;

  RefusedPermit(ConnectionCore core, Snapshot snapshot) {
    this.core = core;
    this.snapshot = snapshot;
  }

  @Override
  public boolean granted() {
    return false;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofNanos(snapshot.retryAfterNanos(core.now()));
  }

  @Override
  public void success() {
    // Nothing was admitted, so there is nothing to report.
  }

  @Override
  public void failure(Object reason) {
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
