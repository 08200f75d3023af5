package io.brama.internal;

import io.brama.CircuitState;
import io.brama.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * One computation of a connection's next state: what the {@link State} rules decided, and what to
 * do once it is installed. It has no side effects; the connection installs the result by
 * compare-and-set and only then publishes the recorded events, arms timers and tells the monitor
 * and the sharing module. A computation that loses the race is thrown away and made again.
 *
 * <p>The fields without modifiers are the base of the next state (see {@link State}); they start
 * as the current state's and change only through the methods here.
 */
final class Change {
  /** An event to publish once the state is installed. */
  record Pending(EventType type, CircuitState previous, CircuitState state, Object reason,
      long at) {}

  final ConnectionCore core;
  State before;
  long now;
  private int perCallMask;

  long generation;
  long sequence;
  Settings settings;
  boolean monitored;
  boolean watched;
  int consecutiveOpens;
  long expiry;
  long lastSuccessAt;
  long lastFailureAt;
  Object lastFailureReason;
  RefusedPermit refused;

  private List<Pending> events;

  /** The trial slot granted, or -1. */
  long grantedTrial = -1;
  /** The reason of this computation's state change, if any. */
  Object changeReason;
  /** A manual open or reset. */
  boolean manual;
  /** Applied for a sharing module: not reported back to it. */
  boolean remote;
  /** A failure was counted in CLOSED (for the sharing module). */
  boolean failureRecorded;
  /** A success was counted in CLOSED (for the sharing module). */
  boolean successRecorded;
  /** The state in force after this computation (set once installed, or the unchanged one). */
  State result;

  Change(ConnectionCore core, State before, long now, int perCallMask) {
    this.core = core;
    restart(before, now, perCallMask);
  }

  /** Starts the computation afresh from {@code before} (the previous attempt lost its race). */
  void restart(State before, long now, int perCallMask) {
    this.before = before;
    this.now = now;
    this.perCallMask = perCallMask;
    this.generation = before.generation;
    this.sequence = before.sequence;
    this.settings = before.settings;
    this.monitored = before.monitored;
    this.watched = before.watched;
    this.consecutiveOpens = before.consecutiveOpens;
    this.expiry = before.expiry;
    this.lastSuccessAt = before.lastSuccessAt;
    this.lastFailureAt = before.lastFailureAt;
    this.lastFailureReason = before.lastFailureReason;
    this.refused = before.refused;
    this.events = null;
    this.grantedTrial = -1;
    this.changeReason = null;
    this.manual = false;
    this.remote = false;
    this.failureRecorded = false;
    this.successRecorded = false;
    this.result = null;
    this.current = null;
  }

  /** Applies the timed moves that are due (OPEN to HALF_OPEN, trial timeouts). */
  State settle(State s) {
    for (State next; (next = s.timed(this)) != s; ) {
      s = next;
    }
    return s;
  }

  /**
   * The state to install after the rules returned {@code next}: null when nothing changed (no swap
   * needed), else {@code next} with the final base.
   */
  State finish(State next) {
    if (next == before && before.sameBase(this)) {
      return null;
    }
    // A rule may change the base after building a state (a late answer's times): build it anew.
    return next != before && next.sameBase(this) ? next : next.rebuild(this);
  }

  /**
   * The built events by their place in this computation's numbering (null where an event was
   * numbered but not built; shorter than {@link #eventCount()} when the last ones were not built),
   * or null when none was built.
   */
  List<Pending> events() {
    return events;
  }

  // ---- the base ----

  void newGeneration() {
    generation++;
  }

  void consecutiveOpens(int opens) {
    consecutiveOpens = opens;
  }

  void expiry(long nanos) {
    expiry = nanos;
  }

  void settings(Settings next) {
    settings = next;
  }

  void monitored(boolean attached) {
    monitored = attached;
  }

  void watched(boolean on) {
    watched = on;
  }

  /** The connection's refusal permit, made on its first refusal and kept from then on. */
  void refusal() {
    if (refused == null) {
      refused = new RefusedPermit(core);
    }
  }

  /** A success or failure: the last times, and its SUCCESS or FAILURE event. */
  void recordOutcome(boolean success, Object reason) {
    if (success) {
      lastSuccessAt = Math.max(lastSuccessAt, now);
      event(EventType.SUCCESS, null, currentKind(), null, now);
    } else {
      recordFailure(now, reason);
    }
  }

  void recordFailure(long at, Object reason) {
    lastFailureAt = at;
    lastFailureReason = reason;
    event(EventType.FAILURE, null, currentKind(), reason, at);
  }

  /** A STATE_CHANGE event; checked against the table of legal moves. */
  void stateChange(CircuitState previous, CircuitState next, Object reason, long at) {
    if (!Move.legal(previous, next)) {
      throw new IllegalStateException("illegal state change " + previous + " -> " + next);
    }
    changeReason = reason;
    current = next;
    event(EventType.STATE_CHANGE, previous, next, reason, at);
  }

  /** The state the rules have reached so far (for the events' {@code newState}). */
  private CircuitState current;

  private CircuitState currentKind() {
    return current != null ? current : before.kind();
  }

  /**
   * Numbers an event; builds it only when a subscription accepts its type (or, for a state change,
   * when the log or a JFR recording wants it): an event nobody receives is a sequence number the bus skips.
   */
  void event(EventType type, CircuitState previous, CircuitState state, Object reason, long at) {
    if (type.isPerCall() && (perCallMask & EventBus.bit(type)) == 0) {
      return;
    }
    int index = eventCount();
    sequence++;
    if (!core.bus.accepts(type) && !(type == EventType.STATE_CHANGE
        && (Engine.logsStateChanges() || Jfr.stateChanges))) {
      return;
    }
    if (events == null) {
      events = new ArrayList<>(4);
    }
    while (events.size() < index) {
      events.add(null); // numbered, not built
    }
    events.add(new Pending(type, previous, state, reason, at));
  }

  /** How many sequence numbers this computation used. */
  int eventCount() {
    return (int) (sequence - before.sequence);
  }
}
