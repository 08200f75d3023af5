package io.brama.internal;

/**
 * A CLOSED-state call on a connection that measures slow calls, from {@code tryAcquire()}: it
 * remembers when it was granted, so that {@code success()} and {@code failure(reason)} know how
 * long the call took. Made per call, and only then; every other CLOSED call shares
 * {@link ClosedPermit}.
 */
public final class TimedClosedPermit extends GatePermit {
  private final ClosedPermit shared;
  private final long grantedAt;

  TimedClosedPermit(ClosedPermit shared, long grantedAt) {
    this.shared = shared;
    this.grantedAt = grantedAt;
  }

  @Override
  ConnectionCore core() {
    return shared.core;
  }

  @Override
  long grantedAt() {
    return grantedAt;
  }

  @Override
  void record(boolean success, Object reason, long elapsedNanos) {
    shared.record(success, reason, elapsedNanos);
  }

  @Override
  public void ignore() {
    shared.ignore();
  }

  @Override
  public String toString() {
    return shared + " (timed)";
  }
}
