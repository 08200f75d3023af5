package io.brama.internal;

import io.brama.CircuitState;
import io.brama.EventType;

/** OPEN: every call is refused until {@link #halfOpensAt}; then it turns HALF_OPEN. */
final class Open extends State {
  /** When this open period began. */
  final long openedAt;
  final long halfOpensAt;

  private Open(Change c, long openedAt, long halfOpensAt) {
    super(c);
    this.openedAt = openedAt;
    this.halfOpensAt = halfOpensAt;
  }

  /**
   * Enters OPEN from {@code from} by {@code move} at {@code at}: for {@code fixedDuration}, or
   * ({@code fixedDuration < 0}) for the expiry strategy's next period. From OPEN the period
   * restarts in a new generation, without an event.
   */
  static Open enter(Change c, State from, Move move, long at, Object reason, long fixedDuration) {
    move.check(from.kind());
    int opens = c.consecutiveOpens;
    long duration;
    if (fixedDuration >= 0) {
      duration = fixedDuration;
    } else {
      opens++;
      duration = c.core.expiryNanos(c.settings.expiryStrategy, opens, c.before.generation,
          c.expiry);
    }
    c.newGeneration();
    c.consecutiveOpens(opens);
    c.expiry(duration);
    c.changeReason = reason;
    if (from.kind() != CircuitState.OPEN) {
      c.stateChange(from.kind(), CircuitState.OPEN, reason, at);
    }
    c.refusal();
    return new Open(c, at, Nanos.plus(at, duration));
  }

  @Override
  CircuitState kind() {
    return CircuitState.OPEN;
  }

  @Override
  State rebuild(Change c) {
    return new Open(c, openedAt, halfOpensAt);
  }

  @Override
  long openedAt() {
    return openedAt;
  }

  @Override
  long halfOpensAt() {
    return halfOpensAt;
  }

  @Override
  State timed(Change c) {
    return c.now >= halfOpensAt ? HalfOpen.enter(c, this) : this;
  }

  @Override
  long nextDeadline() {
    return halfOpensAt;
  }

  @Override
  long retryAfterNanos(long now) {
    return Math.max(0, halfOpensAt - now);
  }

  @Override
  State acquire(Change c) {
    c.event(EventType.REJECTED, null, CircuitState.OPEN, null, c.now);
    return this;
  }

  @Override
  State acquireProbe(Change c) {
    return this;
  }

  @Override
  State outcome(Change c, Report in) {
    return lateAnswer(c, in);
  }

  @Override
  State reset(Change c, Object reason) {
    return Closed.enter(c, this, Move.MANUAL_CLOSE, reason);
  }

  /** A sharing module's "open until": the open period ends at {@code until} instead (no event). */
  @Override
  State remoteOpen(Change c, long until, Object reason) {
    return until == halfOpensAt ? this : new Open(c, openedAt, until);
  }
}
