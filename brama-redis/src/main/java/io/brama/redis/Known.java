package io.brama.redis;

import io.brama.CircuitState;
import io.brama.spi.LocalTransition;
import java.time.Instant;

/**
 * What one instance knows of one connection's shared state. Read and written on the fleet's one
 * thread only.
 */
final class Known {
  /** The version of the newest shared state seen; versions only grow (they follow Redis TIME). */
  long version;
  boolean sharedOpen;
  String holder = "";
  /** When open: the open period's end and the lease's end (ms, Redis time). */
  long until;
  long lease;
  /** Who made the newest shared change. */
  String by = "";
  /** When the latest open this instance applied from a shared state began (local clock). */
  Instant appliedOpenedAt;
  /** The shared failure count is known not to be zero: successes are watched. */
  boolean dirty;
  /** Counts "dirty" messages, so that a success reply older than one does not undo it. */
  long dirtyMessages;
  boolean successInFlight;
  /** An open or close is on its way to Redis; the next one waits for its answer. */
  boolean pushing;
  LocalTransition nextPush;
  /** Something changed here while Redis was unreachable: shared once it answers again. */
  boolean changedWhileDown;
  /** A manual operation among those changes: shared unconditionally. */
  boolean manualWhileDown;
  /**
   * The latest of those changes, kept as decided: a message applied before Redis answered the
   * push may have changed the local state since, and must not be shared in its place.
   */
  CircuitState downState;
  /** When that change was decided (local clock): its version if Redis lost newer states. */
  Instant downAt;
  /** For {@link #downState} OPEN: when that open period ends (local clock). */
  Instant downUntil;
  /** The version seen when that change was made: it loses to any newer shared state. */
  long downBase;

  /** The newest shared state seen is {@code s}. */
  void remember(SharedState s) {
    version = s.version();
    sharedOpen = s.open();
    holder = s.holder();
    until = s.until();
    lease = s.lease();
    by = s.by();
  }

  /** {@code t} could not be shared now: it will be once Redis answers, on version {@code base}. */
  void keepForLater(LocalTransition t, Instant now, long base) {
    changedWhileDown = true;
    manualWhileDown |= t.manual();
    downState = t.to();
    downAt = now;
    downUntil = t.to() == CircuitState.OPEN ? now.plus(t.openFor()) : null;
    downBase = base;
  }
}
