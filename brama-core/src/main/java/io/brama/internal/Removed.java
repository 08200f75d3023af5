package io.brama.internal;

import io.brama.CircuitState;

/** The end: the connection was unregistered or its Brama closed; every later operation stops. */
final class Removed extends State {
  Removed(Change c) {
    super(c);
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
    return this;
  }

  @Override
  State acquireProbe(Change c) {
    return this;
  }

  @Override
  State outcome(Change c, Report in) {
    return this;
  }

  @Override
  State reset(Change c, Object reason) {
    return this;
  }
}
