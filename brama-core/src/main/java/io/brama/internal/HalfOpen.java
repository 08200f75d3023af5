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
  /** When the open period before this began. */
  final long openedAt;
  /** When the expiry passed. */
  final long halfOpenedAt;
  /** Outstanding trial slots; the oldest is kept in fields (one trial is the common case). */
  private final int trials;
  /** The oldest outstanding trial's grant time and id (when {@code trials > 0}). */
  private final long firstGrantedAt;
  private final long firstId;
  /** The others, oldest first, as (grant time, id) pairs; null when {@code trials <= 1}. */
  private final long[] others;
  private final long nextTrialId;

  private HalfOpen(Change c, long openedAt, long halfOpenedAt, int trials, long firstGrantedAt,
      long firstId, long[] others, long nextTrialId) {
    super(c);
    this.openedAt = openedAt;
    this.halfOpenedAt = halfOpenedAt;
    this.trials = trials;
    this.firstGrantedAt = firstGrantedAt;
    this.firstId = firstId;
    this.others = others;
    this.nextTrialId = nextTrialId;
  }

  /** The expiry of {@code open} passed: HALF_OPEN from that instant, no trials yet. */
  static HalfOpen enter(Change c, Open open) {
    c.newGeneration();
    c.stateChange(CircuitState.OPEN, CircuitState.HALF_OPEN, null, open.halfOpensAt);
    return new HalfOpen(c, open.openedAt, open.halfOpensAt, 0, 0, 0, null, 0);
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
    return new HalfOpen(c, openedAt, halfOpenedAt, trials, firstGrantedAt, firstId, others,
        nextTrialId);
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
    return trials;
  }

  /** When the oldest outstanding trial times out; {@link Nanos#NONE} without trials. */
  private long oldestTrialDeadline() {
    return trials == 0 ? Nanos.NONE : Nanos.plus(firstGrantedAt, expiry);
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
    if (trials < settings.halfOpenTrials && !monitored) {
      return 0;
    }
    // A monitored circuit admits callers only after its probe's verdict: at the latest when that
    // trial would time out.
    long due = trials == 0 ? Nanos.plus(now, expiry) : oldestTrialDeadline();
    return Math.max(0, due - now);
  }

  @Override
  State acquire(Change c) {
    if (!monitored && trials < settings.halfOpenTrials) {
      return grant(c);
    }
    c.event(EventType.REJECTED, null, CircuitState.HALF_OPEN, null, c.now);
    return this;
  }

  @Override
  State acquireProbe(Change c) {
    return trials < settings.halfOpenTrials ? grant(c) : this;
  }

  private State grant(Change c) {
    c.grantedTrial = nextTrialId;
    if (trials == 0) {
      return new HalfOpen(c, openedAt, halfOpenedAt, 1, c.now, nextTrialId, null, nextTrialId + 1);
    }
    int used = 2 * (trials - 1);
    long[] more = others == null ? new long[2] : Arrays.copyOf(others, used + 2);
    more[used] = c.now;
    more[used + 1] = nextTrialId;
    return new HalfOpen(c, openedAt, halfOpenedAt, trials + 1, firstGrantedAt, firstId, more,
        nextTrialId + 1);
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
    int index = in.generation() == Report.BY_NAME ? (trials == 0 ? -1 : 0)
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
    return without(c, index);
  }

  /** This state with the outstanding trial at {@code index} (0: the oldest) given back. */
  private HalfOpen without(Change c, int index) {
    if (trials == 1) {
      return new HalfOpen(c, openedAt, halfOpenedAt, 0, 0, 0, null, nextTrialId);
    }
    long at = firstGrantedAt;
    long id = firstId;
    int drop = 2 * (index - 1); // the pair of others to drop
    if (index == 0) {
      at = others[0];
      id = others[1];
      drop = 0;
    }
    long[] rest = null;
    if (trials > 2) {
      rest = new long[others.length - 2];
      System.arraycopy(others, 0, rest, 0, drop);
      System.arraycopy(others, drop + 2, rest, drop, others.length - drop - 2);
    }
    return new HalfOpen(c, openedAt, halfOpenedAt, trials - 1, at, id, rest, nextTrialId);
  }

  @Override
  State reset(Change c, Object reason) {
    return Closed.enter(c, this, Move.MANUAL_CLOSE, reason);
  }

  private int indexOf(long id) {
    if (trials == 0) {
      return -1;
    }
    if (firstId == id) {
      return 0;
    }
    for (int i = 1; others != null && i < others.length; i += 2) {
      if (others[i] == id) {
        return 1 + i / 2;
      }
    }
    return -1;
  }
}
