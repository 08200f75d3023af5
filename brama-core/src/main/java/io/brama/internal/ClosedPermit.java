package io.brama.internal;

/** The permit of a CLOSED generation: one object shared by every call it admits (no allocation). */
public final class ClosedPermit extends GatePermit {
  final ConnectionCore core;
  final long generation;

  ClosedPermit(ConnectionCore core, long generation) {
    this.core = core;
    this.generation = generation;
  }

  @Override
  ConnectionCore core() {
    return core;
  }

  /** The shared permit never times itself: the success fast path, as short as it can be. */
  @Override
  public void success() {
    core.permitSuccess(generation);
  }

  @Override
  void record(boolean success, Object reason, long elapsedNanos) {
    if (success && elapsedNanos == Nanos.NONE) {
      core.permitSuccess(generation);
    } else {
      core.permitOutcome(success, reason, generation, -1, elapsedNanos);
    }
  }

  @Override
  public void ignore() {
    // A CLOSED-state call that says nothing about the connection changes nothing but its count.
    core.countIgnored();
  }

  @Override
  public String toString() {
    return "Permit[" + core.id() + ", closed generation " + generation + "]";
  }
}
