package io.brama.internal;

import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One computation of a connection's next snapshot: the state machine's rules, written as plain code
 * against a {@link Snapshot.Draft}. It has no side effects; the caller installs the result by
 * compare-and-set and only then publishes the recorded events. Each method is one row group of the
 * README's transition table.
 */
final class Transition {
  /** The failure reason recorded when a half-open trial is not completed in time. */
  static String trialTimeoutReason(long expiryNanos) {
    return "half-open trial not completed within " + Duration.ofNanos(expiryNanos);
  }

  /** An event to publish once the snapshot is installed. */
  record Pending(EventType type, CircuitState previous, CircuitState state, Object reason,
      long at) {}

  final Snapshot before;
  final Snapshot.Draft d;
  final long now;
  private final ConnectionCore core;
  private final int perCallMask;
  private boolean changed;
  private List<Pending> events;
  /** The trial slot granted by {@link #acquire()}, or -1. */
  long grantedTrial = -1;
  /** The snapshot in force after this computation (set by the caller once installed). */
  Snapshot result;
  /** Applied for a sharing module: not reported back to it. */
  boolean remote;
  /** A failure was counted in CLOSED (for the sharing module). */
  boolean countedFailure;
  /** A success was recorded in CLOSED (for the sharing module). */
  boolean countedSuccess;
  /** The reason of this computation's state change, if any. */
  Object changeReason;
  /** A manual open or reset. */
  boolean manual;

  Transition(ConnectionCore core, Snapshot before, long now, int perCallMask) {
    this.core = core;
    this.before = before;
    this.d = before.edit();
    this.now = now;
    this.perCallMask = perCallMask;
  }

  boolean changed() {
    return changed;
  }

  List<Pending> events() {
    return events == null ? List.of() : events;
  }

  /** Timed moves: OPEN to HALF_OPEN once the expiry passed; a trial past its deadline fails. */
  void settle() {
    for (;;) {
      if (d.state == CircuitState.OPEN && now >= d.halfOpensAt) {
        enter(CircuitState.HALF_OPEN, d.halfOpensAt, null);
        d.clearTrials();
      } else if (d.state == CircuitState.HALF_OPEN && d.trialIds.length > 0
          && now >= Nanos.plus(d.trialGrantedAt[0], d.expiry)) {
        long at = Nanos.plus(d.trialGrantedAt[0], d.expiry);
        Object reason = trialTimeoutReason(d.expiry);
        recordFailure(at, reason);
        open(at, reason, -1);
      } else {
        return;
      }
    }
  }

  /**
   * The gate: CLOSED admits; HALF_OPEN admits while a trial slot is free, unless a health monitor
   * owns the trials; else REJECTED.
   */
  boolean acquire() {
    settle();
    if (d.state == CircuitState.CLOSED) {
      return true;
    }
    if (d.state == CircuitState.HALF_OPEN && !d.monitored && grantTrial()) {
      return true;
    }
    event(EventType.REJECTED, null, d.state, null, now);
    return false;
  }

  /** The health monitor's gate: like {@link #acquire()}, trials included; refusals are silent. */
  boolean acquireProbe() {
    settle();
    return d.state == CircuitState.CLOSED
        || d.state == CircuitState.HALF_OPEN && grantTrial();
  }

  private boolean grantTrial() {
    if (d.trialIds.length >= d.settings.halfOpenTrials) {
      return false;
    }
    grantedTrial = d.addTrial(now);
    changed = true;
    return true;
  }

  /** A health monitor attached ({@code true}) or stopped. */
  void monitored(boolean attached) {
    if (d.monitored != attached) {
      d.monitored = attached;
      changed = true;
    }
  }

  /**
   * A reported outcome. {@code generation < 0} means a name-based report (no permit); otherwise the
   * generation of the permit, with {@code trial} its slot (or -1 for a CLOSED-state permit).
   */
  void outcome(boolean success, Object reason, long generation, long trial, long elapsedNanos) {
    settle();
    boolean current = generation < 0 || generation == d.generation;
    if (success && isSlow(elapsedNanos) && current && d.state == CircuitState.HALF_OPEN) {
      // A slow successful trial is a failed trial.
      success = false;
      reason = "slow call: took " + Duration.ofNanos(elapsedNanos) + ", threshold "
          + Duration.ofNanos(d.settings.slowCallNanos);
    }
    if (current && d.state == CircuitState.CLOSED && trial < 0 && d.window != null) {
      // Reached only when the window moved on between recording and this computation.
      lateAnswer(success, reason);
      return;
    }
    if (current && d.state == CircuitState.CLOSED && trial < 0) {
      if (success) {
        recordSuccess();
        countedSuccess = true;
        if (d.failureCount != 0) {
          d.failureCount = 0;
          changed = true;
        }
      } else {
        recordFailure(now, reason);
        countedFailure = true;
        d.failureCount++;
        if (d.failureCount >= d.settings.maxAttempts) {
          open(now, reason, -1);
        }
      }
      return;
    }
    long slot = !current || d.state != CircuitState.HALF_OPEN ? -1
        : generation < 0 ? d.oldestTrial() : trial;
    if (slot >= 0 && d.removeTrial(slot)) {
      changed = true;
      if (success) {
        recordSuccess();
        close(now, null);
      } else {
        recordFailure(now, reason);
        open(now, reason, -1);
      }
      return;
    }
    lateAnswer(success, reason);
  }

  /**
   * An outcome already recorded in {@code window} (by the caller, exactly once): updates the last
   * times and events, and opens when the window said so and is still this generation's.
   */
  void windowOutcome(FailureWindow window, boolean success, Object reason, boolean opens) {
    settle();
    if (d.state != CircuitState.CLOSED || d.window != window) {
      lateAnswer(success, reason);
      return;
    }
    if (success) {
      recordSuccess();
    } else {
      recordFailure(now, reason);
    }
    if (opens) {
      open(now, window.reason(now), -1);
    }
  }

  /** From an older generation, while OPEN, or with no trial to complete: only the last times. */
  private void lateAnswer(boolean success, Object reason) {
    if (success) {
      recordSuccess();
    } else {
      recordFailure(now, reason);
    }
  }

  private boolean isSlow(long elapsedNanos) {
    return elapsedNanos != Nanos.NONE && d.settings.slowCallNanos != Nanos.NONE
        && elapsedNanos > d.settings.slowCallNanos;
  }

  /** A trial permit completed with ignore: its slot is freed and nothing is recorded. */
  void ignoreTrial(long generation, long trial) {
    settle();
    if (generation == d.generation && d.state == CircuitState.HALF_OPEN && d.removeTrial(trial)) {
      changed = true;
    }
  }

  /** Manual open; {@code duration < 0} means the strategy's next expiry. */
  void manualOpen(Object reason, long duration) {
    manual = true;
    settle();
    open(now, reason, duration);
  }

  /**
   * Manual close; on a CLOSED circuit the count, or the rate policy's window, starts afresh in the
   * same generation (permits granted before the reset report into the new window).
   */
  void reset(Object reason) {
    manual = true;
    settle();
    if (d.state == CircuitState.CLOSED) {
      if (d.failureCount != 0) {
        d.failureCount = 0;
        changed = true;
      }
      if (d.window != null) {
        d.window = d.settings.newWindow();
        changed = true;
      }
    } else {
      close(now, reason);
    }
  }

  /**
   * A sharing module's "open until": OPEN until {@code until} (a later or earlier end when already
   * OPEN, no event then); nothing once {@code until} has passed.
   */
  void remoteOpen(long until, Object reason) {
    remote = true;
    settle();
    if (until <= now) {
      return;
    }
    if (d.state == CircuitState.OPEN) {
      if (d.halfOpensAt != until) {
        d.halfOpensAt = until;
        changed = true;
      }
      return;
    }
    open(now, reason, until - now);
  }

  /** A CLOSED circuit opens as its own failures would (reported to the sharing module). */
  void openAsFailing(Object reason) {
    settle();
    if (d.state == CircuitState.CLOSED) {
      open(now, reason, -1);
    }
  }

  /** A sharing module's "close": as a manual reset, not reported back. */
  void remoteClose(Object reason) {
    remote = true;
    settle();
    if (d.state != CircuitState.CLOSED) {
      close(now, reason);
    }
  }

  /** Whether successes leave the fast path to reach the sharing module. */
  void watch(boolean on) {
    remote = true;
    if (d.watched != on) {
      d.watched = on;
      changed = true;
    }
  }

  /** A SHARED_STATE event: the shared state was lost or is back. */
  void sharedStateEvent(Object reason) {
    remote = true;
    settle();
    event(EventType.SHARED_STATE, null, d.state, reason, now);
  }

  /** Merges overrides; a lower maxAttempts may open the circuit at once. */
  void configure(ConnectionConfig overrides) {
    settle();
    Settings old = d.settings;
    d.settings = old.with(overrides);
    changed = true;
    event(EventType.CONFIGURED, null, d.state, overrides, now);
    if (d.state == CircuitState.CLOSED && d.settings.windowDiffers(old)) {
      d.window = d.settings.newWindow(); // null under the consecutive policy, which keeps its count
      if (d.window != null) {
        d.failureCount = 0;
      }
    }
    if (d.state == CircuitState.CLOSED && d.window == null
        && d.failureCount >= d.settings.maxAttempts) {
      open(now, d.lastFailureReason, -1);
    }
  }

  /** Ends the connection: every later operation sees a removed connection. */
  void remove() {
    CircuitState last = d.state;
    d.state = null;
    d.closedPermit = null;
    changed = true;
    event(EventType.UNREGISTERED, null, last, null, now);
  }

  private void open(long at, Object reason, long fixedDuration) {
    int opens = d.consecutiveOpens;
    long duration;
    if (fixedDuration >= 0) {
      duration = fixedDuration;
    } else {
      opens++;
      duration = core.expiryNanos(d.settings.expiryStrategy, opens, before.generation, d.expiry);
    }
    CircuitState previous = d.state;
    d.generation++;
    d.state = CircuitState.OPEN;
    d.consecutiveOpens = opens;
    d.failureCount = 0;
    d.openedAt = at;
    d.expiry = duration;
    d.halfOpensAt = Nanos.plus(at, duration);
    d.clearTrials();
    changed = true;
    changeReason = reason;
    if (previous != CircuitState.OPEN) {
      stateChange(previous, reason, at);
    }
  }

  private void close(long at, Object reason) {
    enter(CircuitState.CLOSED, at, reason);
    d.window = d.settings.newWindow();
    d.failureCount = 0;
    d.consecutiveOpens = 0;
    d.openedAt = Nanos.NONE;
    d.halfOpensAt = Nanos.NONE;
    d.clearTrials();
  }

  private void enter(CircuitState state, long at, Object reason) {
    CircuitState previous = d.state;
    d.state = state;
    d.generation++;
    changed = true;
    stateChange(previous, reason, at);
  }

  private void stateChange(CircuitState previous, Object reason, long at) {
    changeReason = reason;
    event(EventType.STATE_CHANGE, previous, d.state, reason, at);
  }

  private void recordSuccess() {
    if (now > d.lastSuccessAt) {
      d.lastSuccessAt = now;
      changed = true;
    }
    event(EventType.SUCCESS, null, d.state, null, now);
  }

  private void recordFailure(long at, Object reason) {
    d.lastFailureAt = at;
    d.lastFailureReason = reason;
    changed = true;
    event(EventType.FAILURE, null, d.state, reason, at);
  }

  private void event(EventType type, CircuitState previous, CircuitState state, Object reason,
      long at) {
    if (type.isPerCall() && (perCallMask & EventBus.bit(type)) == 0) {
      return;
    }
    if (events == null) {
      events = new ArrayList<>(4);
    }
    events.add(new Pending(type, previous, state, reason, at));
  }
}
