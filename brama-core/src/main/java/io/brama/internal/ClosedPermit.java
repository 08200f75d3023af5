package io.brama.internal;

import io.brama.Permit;
import java.time.Duration;

/** The permit of a CLOSED generation: one object shared by every call it admits (no allocation). */
final class ClosedPermit implements Permit {
  final ConnectionCore core;
  final long generation;

  ClosedPermit(ConnectionCore core, long generation) {
    this.core = core;
    this.generation = generation;
  }

  @Override
  public boolean granted() {
    return true;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ZERO;
  }

  @Override
  public void success() {
    core.permitSuccess(generation);
  }

  @Override
  public void failure(Object reason) {
    core.permitFailure(generation, -1, reason);
  }

  @Override
  public void ignore() {
    // A CLOSED-state call that says nothing about the connection changes nothing.
  }

  @Override
  public String toString() {
    return "Permit[" + core.id() + ", closed generation " + generation + "]";
  }
}
