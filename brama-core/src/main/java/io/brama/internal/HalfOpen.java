package io.brama.internal;

import io.brama.CircuitState;
import io.brama.EventType;
import java.time.Duration;
import java.util.Arrays;

/**
 * HALF_OPEN: up to {@code halfOpenTrials} trial calls are admitted (or the health monitor's probe
 * alone); a trial success closes, a trial failure (or a trial not completed within the expiry)
 * re-opens.
 */
final class HalfOpen extends State {
  private static final long[] NONE = new long[0];

  /** When the open period before this began. */
  final long openedAt;
  /** When the expiry passed. */
  final long halfOpenedAt;
  /** Grant times of the outstanding trial slots, oldest first. */
  private final long[] trialGrantedAt;
  /** Ids of the outstanding trial slots, parallel to {@link #trialGrantedAt}. */
  private final long[] trialIds;
  private final long nextTrialId;

  private HalfOpen(Change c, long openedAt, long halfOpenedAt, long[] trialGrantedAt,
      long[] trialIds, long nextTrialId) {
    super(c);
    this.openedAt = openedAt;
    this.halfOpenedAt = halfOpenedAt;
    this.trialGrantedAt = trialGrantedAt;
    this.trialIds = trialIds;
    this.nextTrialId = nextTrialId;
  }

  /** The expiry of {@code open} passed: HALF_OPEN from that instant, no trials yet. */
  static HalfOpen enter(Change c, Open open) {
    c.newGeneration();
    c.stateChange(CircuitState.OPEN, CircuitState.HALF_OPEN, null, open.halfOpensAt);
    return new HalfOpen(c, open.openedAt, open.halfOpensAt, NONE, NONE, 0);
  }

  /** The failure reason recorded when a half-open trial is not completed in time. */
  static String trialTimeoutReason(long expiryNanos) {
    return "half-open trial not completed within " + Duration.ofNanos(expiryNanos);
  }

  @Override
  CircuitState kind() {
    return CircuitState.HALF_OPEN;
  }

  @Override
  State rebuild(Change c) {
    return new HalfOpen(c, openedAt, halfOpenedAt, trialGrantedAt, trialIds, nextTrialId);
  }

  @Override
  long openedAt() {
    return openedAt;
  }

  @Override
  long halfOpensAt() {
    return halfOpenedAt;
  }

  @Override
  int activeTrials() {
    return trialIds.length;
  }

  /** When the oldest outstanding trial times out; {@link Nanos#NONE} without trials. */
  private long oldestTrialDeadline() {
    return trialGrantedAt.length == 0 ? Nanos.NONE : Nanos.plus(trialGrantedAt[0], expiry);
  }

  @Override
  State timed(Change c) {
    long deadline = oldestTrialDeadline();
    if (deadline == Nanos.NONE || c.now < deadline) {
      return this;
    }
    Object reason = trialTimeoutReason(expiry);
    c.recordFailure(deadline, reason);
    return Open.enter(c, this, Move.HALF_OPEN_TO_OPEN_BY_TRIAL, deadline, reason, -1);
  }

  @Override
  long nextDeadline() {
    return oldestTrialDeadline();
  }

  @Override
  long retryAfterNanos(long now) {
    if (trialIds.length < settings.halfOpenTrials && !monitored) {
      return 0;
    }
    // A monitored circuit admits callers only after its probe's verdict: at the latest when that
    // trial would time out.
    long due = trialIds.length == 0 ? Nanos.plus(now, expiry) : oldestTrialDeadline();
    return Math.max(0, due - now);
  }

  @Override
  State acquire(Change c) {
    if (!monitored && trialIds.length < settings.halfOpenTrials) {
      return grant(c);
    }
    c.event(EventType.REJECTED, null, CircuitState.HALF_OPEN, null, c.now);
    return this;
  }

  @Override
  State acquireProbe(Change c) {
    return trialIds.length < settings.halfOpenTrials ? grant(c) : this;
  }

  private State grant(Change c) {
    c.grantedTrial = nextTrialId;
    return new HalfOpen(c, openedAt, halfOpenedAt, append(trialGrantedAt, c.now),
        append(trialIds, nextTrialId), nextTrialId + 1);
  }

  @Override
  State outcome(Change c, Report in) {
    if (!in.current(this)) {
      return lateAnswer(c, in);
    }
    boolean success = in.success();
    Object reason = in.reason();
    if (success && settings.isSlow(in.elapsedNanos())) {
      // A slow successful trial is a failed trial.
      success = false;
      reason = "slow call: took " + Duration.ofNanos(in.elapsedNanos()) + ", threshold "
          + Duration.ofNanos(settings.slowCallNanos);
    }
    // By name: the oldest outstanding trial.
    int index = in.generation() == Report.BY_NAME ? (trialIds.length == 0 ? -1 : 0)
        : indexOf(in.trial());
    c.recordOutcome(success, reason);
    if (index < 0) {
      return this; // no trial to complete: a late answer
    }
    if (success) {
      return Closed.enter(c, this, Move.HALF_OPEN_TO_CLOSED_BY_TRIAL, null);
    }
    return Open.enter(c, this, Move.HALF_OPEN_TO_OPEN_BY_TRIAL, c.now, reason, -1);
  }

  @Override
  State ignoreTrial(Change c, long generation, long trial) {
    int index = generation == this.generation ? indexOf(trial) : -1;
    if (index < 0) {
      return this;
    }
    return new HalfOpen(c, openedAt, halfOpenedAt, remove(trialGrantedAt, index),
        remove(trialIds, index), nextTrialId);
  }

  @Override
  State reset(Change c, Object reason) {
    return Closed.enter(c, this, Move.MANUAL_CLOSE, reason);
  }

  private int indexOf(long id) {
    for (int i = 0; i < trialIds.length; i++) {
      if (trialIds[i] == id) {
        return i;
      }
    }
    return -1;
  }

  private static long[] append(long[] a, long v) {
    long[] r = Arrays.copyOf(a, a.length + 1);
    r[a.length] = v;
    return r;
  }

  private static long[] remove(long[] a, int i) {
    if (a.length == 1) {
      return NONE;
    }
    long[] r = new long[a.length - 1];
    System.arraycopy(a, 0, r, 0, i);
    System.arraycopy(a, i + 1, r, i, a.length - i - 1);
    return r;
  }
}
