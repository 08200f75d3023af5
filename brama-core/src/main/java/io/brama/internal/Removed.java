package io.brama.internal;

import io.brama.CircuitState;

/** The end: the connection was unregistered or its Brama closed; every later operation stops. */
final class Removed extends State {
  Removed(Change c) {
    super(c);
  }

  /** The computation loop stops before a removed connection: no rule ever reaches this state. */
  private static IllegalStateException ended() {
    return new IllegalStateException("a removed connection takes no input");
  }

  @Override
  CircuitState kind() {
    return null;
  }

  @Override
  State rebuild(Change c) {
    return new Removed(c);
  }

  @Override
  long retryAfterNanos(long now) {
    return 0;
  }

  @Override
  State acquire(Change c) {
    throw ended();
  }

  @Override
  State acquireProbe(Change c) {
    throw ended();
  }

  @Override
  State outcome(Change c, Report in) {
    throw ended();
  }

  @Override
  State reset(Change c, Object reason) {
    throw ended();
  }
}
