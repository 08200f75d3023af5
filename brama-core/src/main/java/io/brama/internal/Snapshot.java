package io.brama.internal;

import io.brama.CircuitState;
import java.util.Arrays;

/**
 * One immutable picture of a connection's circuit, swapped as a whole by compare-and-set. A new
 * generation starts with every state entered; permits remember the generation that granted them.
 * Times are epoch nanoseconds ({@link Nanos#NONE} when not applicable).
 */
final class Snapshot {
  private static final long[] NO_TRIALS = new long[0];

  /** Null once the connection is unregistered or the Brama closed: every operation then stops. */
  final CircuitState state;
  final long generation;
  final Settings settings;
  final int failureCount;
  final int consecutiveOpens;
  final long openedAt;
  final long halfOpensAt;
  /** The open period of the latest open; also how long a half-open trial may take. */
  final long expiry;
  /** Grant times of the outstanding trial slots, oldest first (HALF_OPEN only). */
  final long[] trialGrantedAt;
  /** Ids of the outstanding trial slots, parallel to {@link #trialGrantedAt}. */
  final long[] trialIds;
  final long nextTrialId;
  final long lastFailureAt;
  final Object lastFailureReason;
  /**
   * The latest success recorded by a transition. Successes on the hot path go to
   * {@code ConnectionCore.lastSuccess} instead (no snapshot, no allocation); status shows the later.
   */
  final long lastSuccessAt;
  /** The sequence number of this connection's latest event. */
  final long sequence;
  /** CLOSED under a rate policy: this generation's window of recent calls; otherwise null. */
  final FailureWindow window;
  /**
   * CLOSED: the {@link ClosedPermit} shared by every call of this generation; OPEN and HALF_OPEN:
   * the {@link RefusedPermit} handed out for this picture; null once removed.
   */
  final GatePermit permit;
  /**
   * Counts the swaps of this connection's snapshot, in steps of 2 (bit 0 is free for
   * {@code ConnectionCore}'s closed mark); wraps around, compared only by difference.
   */
  final int version;
  /** CLOSED with calls not timed: the decorators' fast path (one read, no settings). */
  final boolean plainCalls;
  /** A health monitor is attached: the half-open trial belongs to its probe, not to callers. */
  final boolean monitored;
  /** A sharing module wants this connection's successes (its shared failure count is not zero). */
  final boolean watched;
  /**
   * CLOSED, no failure counted, no window and not watched: a success changes nothing but the last
   * success time (the success fast path's one test).
   */
  final boolean quietSuccess;

  private Snapshot(Draft d, ConnectionCore core) {
    this.version = d.version;
    this.monitored = d.monitored;
    this.watched = d.watched;
    this.state = d.state;
    this.generation = d.generation;
    this.settings = d.settings;
    this.failureCount = d.failureCount;
    this.consecutiveOpens = d.consecutiveOpens;
    this.openedAt = d.openedAt;
    this.halfOpensAt = d.halfOpensAt;
    this.expiry = d.expiry;
    this.trialGrantedAt = d.trialGrantedAt;
    this.trialIds = d.trialIds;
    this.nextTrialId = d.nextTrialId;
    this.lastFailureAt = d.lastFailureAt;
    this.lastFailureReason = d.lastFailureReason;
    this.lastSuccessAt = d.lastSuccessAt;
    this.sequence = d.sequence;
    this.window = d.state == CircuitState.CLOSED ? d.window : null;
    if (d.state == CircuitState.CLOSED) {
      this.permit = d.closedPermit != null && d.closedPermit.generation == d.generation
          ? d.closedPermit : new ClosedPermit(core, d.generation);
    } else {
      this.permit = d.state == null ? null : new RefusedPermit(core);
    }
    this.plainCalls = d.state == CircuitState.CLOSED && d.settings.slowCallNanos == Nanos.NONE;
    this.quietSuccess = d.state == CircuitState.CLOSED && d.failureCount == 0 && this.window == null
        && !d.watched;
  }

  /** The picture of a newly registered connection. */
  static Snapshot initial(ConnectionCore core, Settings settings, long sequence) {
    Draft d = new Draft();
    d.state = CircuitState.CLOSED;
    d.generation = 1;
    d.settings = settings;
    d.openedAt = Nanos.NONE;
    d.halfOpensAt = Nanos.NONE;
    d.expiry = Nanos.NONE;
    d.trialGrantedAt = NO_TRIALS;
    d.trialIds = NO_TRIALS;
    d.lastFailureAt = Nanos.NONE;
    d.lastSuccessAt = Nanos.NONE;
    d.sequence = sequence;
    d.window = settings.newWindow();
    return new Snapshot(d, core);
  }

  /** A mutable copy to compute the next picture from. */
  Draft edit() {
    Draft d = new Draft();
    d.version = version + 2;
    d.monitored = monitored;
    d.watched = watched;
    d.state = state;
    d.generation = generation;
    d.settings = settings;
    d.failureCount = failureCount;
    d.consecutiveOpens = consecutiveOpens;
    d.openedAt = openedAt;
    d.halfOpensAt = halfOpensAt;
    d.expiry = expiry;
    d.trialGrantedAt = trialGrantedAt;
    d.trialIds = trialIds;
    d.nextTrialId = nextTrialId;
    d.lastFailureAt = lastFailureAt;
    d.lastFailureReason = lastFailureReason;
    d.lastSuccessAt = lastSuccessAt;
    d.sequence = sequence;
    d.window = window;
    d.closedPermit = state == CircuitState.CLOSED ? (ClosedPermit) permit : null;
    return d;
  }

  int activeTrials() {
    return trialIds.length;
  }

  /** When the oldest outstanding trial times out; {@link Nanos#NONE} without trials. */
  long oldestTrialDeadline() {
    return trialGrantedAt.length == 0 ? Nanos.NONE : Nanos.plus(trialGrantedAt[0], expiry);
  }

  /**
   * When this picture would next change by the passing of time alone (OPEN to HALF_OPEN, or a trial
   * timing out); {@link Nanos#NONE} if never.
   */
  long nextDeadline() {
    if (state == CircuitState.OPEN) {
      return halfOpensAt;
    }
    if (state == CircuitState.HALF_OPEN) {
      return oldestTrialDeadline();
    }
    return Nanos.NONE;
  }

  /** Zero if a call would be admitted at {@code now}, else the nanoseconds until one may be. */
  long retryAfterNanos(long now) {
    long due;
    if (state == CircuitState.OPEN) {
      due = halfOpensAt;
    } else if (state == CircuitState.HALF_OPEN
        && (trialIds.length >= settings.halfOpenTrials || monitored)) {
      // A monitored circuit admits callers only after its probe's verdict: at the latest when
      // that trial would time out.
      due = trialIds.length == 0 ? Nanos.plus(now, expiry) : oldestTrialDeadline();
    } else {
      return 0;
    }
    return due <= now ? 0 : due - now;
  }

  /** The mutable form of a snapshot, used only inside one computation of a transition. */
  static final class Draft {
    int version;
    boolean monitored;
    boolean watched;
    CircuitState state;
    long generation;
    Settings settings;
    int failureCount;
    int consecutiveOpens;
    long openedAt;
    long halfOpensAt;
    long expiry;
    long[] trialGrantedAt;
    long[] trialIds;
    long nextTrialId;
    long lastFailureAt;
    Object lastFailureReason;
    long lastSuccessAt;
    long sequence;
    FailureWindow window;
    ClosedPermit closedPermit;

    Snapshot freeze(ConnectionCore core) {
      return new Snapshot(this, core);
    }

    void clearTrials() {
      trialGrantedAt = NO_TRIALS;
      trialIds = NO_TRIALS;
    }

    long addTrial(long now) {
      long id = nextTrialId++;
      trialGrantedAt = append(trialGrantedAt, now);
      trialIds = append(trialIds, id);
      return id;
    }

    /** Removes the trial slot {@code id}; false if it is not outstanding. */
    boolean removeTrial(long id) {
      for (int i = 0; i < trialIds.length; i++) {
        if (trialIds[i] == id) {
          trialGrantedAt = remove(trialGrantedAt, i);
          trialIds = remove(trialIds, i);
          return true;
        }
      }
      return false;
    }

    /** The id of the oldest outstanding trial, or -1. */
    long oldestTrial() {
      return trialIds.length == 0 ? -1 : trialIds[0];
    }

    private static long[] append(long[] a, long v) {
      long[] r = Arrays.copyOf(a, a.length + 1);
      r[a.length] = v;
      return r;
    }

    private static long[] remove(long[] a, int i) {
      if (a.length == 1) {
        return NO_TRIALS;
      }
      long[] r = new long[a.length - 1];
      System.arraycopy(a, 0, r, 0, i);
      System.arraycopy(a, i + 1, r, i, a.length - i - 1);
      return r;
    }
  }
}
