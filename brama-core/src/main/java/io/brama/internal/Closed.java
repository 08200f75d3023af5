package io.brama.internal;

import io.brama.CircuitState;

/**
 * CLOSED: every call is admitted under one shared permit per generation, and the failure policy's
 * {@link Tracker} counts towards opening. Its fast-path facts ({@link State#plainCalls},
 * {@link State#quietSuccess}) are computed here, once per state.
 */
final class Closed extends State {
  final Tracker tracker;
  final ClosedPermit permit;

  private Closed(Change c, Tracker tracker, ClosedPermit permit) {
    super(c, c.settings.slowCallNanos == Nanos.NONE && c.core.observer == null,
        tracker.successIsQuiet() && !c.watched);
    this.tracker = tracker;
    this.permit = permit;
  }

  private Closed(ConnectionCore core, Settings settings, long sequence, Tracker tracker) {
    super(settings, sequence, settings.slowCallNanos == Nanos.NONE && core.observer == null,
        tracker.successIsQuiet());
    this.tracker = tracker;
    this.permit = new ClosedPermit(core, generation);
  }

  /** A newly registered connection. */
  static Closed initial(ConnectionCore core, Settings settings, long sequence) {
    return new Closed(core, settings, sequence, settings.newTracker());
  }

  /** Enters CLOSED from {@code from} by {@code move}: a new generation, nothing counted. */
  static Closed enter(Change c, State from, Move move, Object reason) {
    move.check(from.kind());
    c.newGeneration();
    c.consecutiveOpens(0);
    c.stateChange(from.kind(), CircuitState.CLOSED, reason, c.now);
    return new Closed(c, c.settings.newTracker(), new ClosedPermit(c.core, c.generation));
  }

  @Override
  CircuitState kind() {
    return CircuitState.CLOSED;
  }

  @Override
  State rebuild(Change c) {
    return new Closed(c, tracker, permit);
  }

  @Override
  io.brama.PolicyStatus policyStatus(long now) {
    return tracker.status(now);
  }

  @Override
  int failureCount() {
    return tracker.consecutiveFailures();
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

  /** What an outcome in CLOSED does: written here once, for every path that reports one. */
  @Override
  State outcome(Change c, Report in) {
    if (!in.current(this) || in.trial() >= 0) {
      return lateAnswer(c, in);
    }
    Tracker next = tracker.after(in.recordedOn(), !in.success(), in.verdict());
    if (next == null) {
      return lateAnswer(c, in); // recorded in a window this state no longer has
    }
    c.recordOutcome(in.success(), in.reason());
    if (in.success()) {
      c.successRecorded = true;
    } else {
      c.failureRecorded = true;
    }
    if (next.opens(in.verdict())) {
      return Open.enter(c, this, Move.CLOSED_TO_OPEN_BY_FAILURES, c.now,
          next.openReason(c.now, in.reason()), -1);
    }
    return next == tracker ? this : new Closed(c, next, permit);
  }

  /** Manual close of a CLOSED circuit: the count (or the window) starts afresh, same generation. */
  @Override
  State reset(Change c, Object reason) {
    Tracker fresh = tracker.fresh();
    return fresh == tracker ? this : new Closed(c, fresh, permit);
  }

  @Override
  State remoteClose(Change c, Object reason) {
    return this;
  }

  @Override
  State openAsFailing(Change c, Object reason) {
    return Open.enter(c, this, Move.CLOSED_TO_OPEN_BY_FLEET, c.now, reason, -1);
  }

  @Override
  State reconfigured(Change c) {
    Tracker next = tracker.reconfigured(c.settings);
    if (next.reached()) {
      return Open.enter(c, this, Move.CLOSED_TO_OPEN_BY_CONFIGURE, c.now, c.lastFailureReason,
          -1);
    }
    return new Closed(c, next, permit);
  }
}
