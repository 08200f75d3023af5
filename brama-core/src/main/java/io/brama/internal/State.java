package io.brama.internal;

import io.brama.CircuitState;

/**
 * One immutable picture of a connection's circuit, swapped as a whole by compare-and-set: one
 * subtype per state ({@link Closed}, {@link Open}, {@link HalfOpen}, and {@link Removed}, the end).
 * Each answers every input with the next state, recording what to do after the swap in the
 * {@link Change}; it never acts itself. Times are epoch nanoseconds ({@link Nanos#NONE} when not
 * applicable).
 *
 * <p>The fields here are those every state carries on: the swap counter, the generation (a new one
 * starts with every state entered; permits remember the one that granted them), settings, flags and
 * the last outcomes.
 */
abstract sealed class State permits Closed, Open, HalfOpen, Removed {
  /**
   * Counts the swaps of this connection's state, in steps of 2 (bit 0 is free for
   * {@link StateCell}'s closed mark); wraps around, compared only by difference.
   */
  final int version;
  final long generation;
  /** The sequence number of this connection's latest event. */
  final long sequence;
  final Settings settings;
  /** A health monitor is attached: the half-open trial belongs to its probe, not to callers. */
  final boolean monitored;
  /** A sharing module wants this connection's successes (its shared failure count is not zero). */
  final boolean watched;
  /** Opens since the circuit was last closed (drives progressive expiry). */
  final int consecutiveOpens;
  /** The open period of the latest open; also how long a half-open trial may take. */
  final long expiry;
  /**
   * The latest success recorded by a computation. Successes on the fast path go to
   * {@code ConnectionCore.lastSuccess} instead (no swap, no allocation); status shows the later.
   */
  final long lastSuccessAt;
  final long lastFailureAt;
  final Object lastFailureReason;
  /** The refusal handed out while not CLOSED: one per connection, made when first needed. */
  final RefusedPermit refused;
  /**
   * CLOSED, calls not timed and not observed: the fast path of call and tryAcquire (one read, no
   * type test). Computed by
   * {@link Closed}; false in every other state.
   */
  final boolean plainCalls;
  /**
   * CLOSED and a success changes nothing but the last success time: the success fast path's one
   * test. Computed by {@link Closed}; false in every other state.
   */
  final boolean quietSuccess;

  /** A state other than CLOSED, built from what {@code c} has computed so far. */
  State(Change c) {
    this(c, false, false);
  }

  /** A state built from what {@code c} has computed so far, with its fast-path facts. */
  State(Change c, boolean plainCalls, boolean quietSuccess) {
    this.plainCalls = plainCalls;
    this.quietSuccess = quietSuccess;
    this.version = c.before.version + 2;
    this.generation = c.generation;
    this.sequence = c.sequence;
    this.settings = c.settings;
    this.monitored = c.monitored;
    this.watched = c.watched;
    this.consecutiveOpens = c.consecutiveOpens;
    this.expiry = c.expiry;
    this.lastSuccessAt = c.lastSuccessAt;
    this.lastFailureAt = c.lastFailureAt;
    this.lastFailureReason = c.lastFailureReason;
    this.refused = c.refused;
  }

  /** The first state of a connection (CLOSED, with its fast-path facts). */
  State(Settings settings, long sequence, boolean plainCalls, boolean quietSuccess) {
    this.plainCalls = plainCalls;
    this.quietSuccess = quietSuccess;
    this.version = 0;
    this.generation = 1;
    this.sequence = sequence;
    this.settings = settings;
    this.monitored = false;
    this.watched = false;
    this.consecutiveOpens = 0;
    this.expiry = Nanos.NONE;
    this.lastSuccessAt = Nanos.NONE;
    this.lastFailureAt = Nanos.NONE;
    this.lastFailureReason = null;
    this.refused = null;
  }

  /** Whether this state's base is what {@code c} has computed (its version aside). */
  final boolean sameBase(Change c) {
    return generation == c.generation && sequence == c.sequence && settings == c.settings
        && monitored == c.monitored && watched == c.watched
        && consecutiveOpens == c.consecutiveOpens && expiry == c.expiry
        && lastSuccessAt == c.lastSuccessAt && lastFailureAt == c.lastFailureAt
        && lastFailureReason == c.lastFailureReason && refused == c.refused;
  }

  /** The public state; null once removed. */
  abstract CircuitState kind();

  /** This state's shape with the base {@code c} computed (a later field changed after building). */
  abstract State rebuild(Change c);

  // ---- what the status shows ----

  /** When the current open period began; {@link Nanos#NONE} in CLOSED. */
  long openedAt() {
    return Nanos.NONE;
  }

  /** When OPEN, when it turns HALF_OPEN; when HALF_OPEN, when it did; else {@link Nanos#NONE}. */
  long halfOpensAt() {
    return Nanos.NONE;
  }

  /** Trial calls admitted and not yet completed. */
  int activeTrials() {
    return 0;
  }

  /** What the failure policy has counted (empty outside CLOSED). */
  io.brama.PolicyStatus policyStatus(long now) {
    return settings.policy.emptyStatus();
  }

  /** Consecutive failures counted (CLOSED under the consecutive policy only). */
  int failureCount() {
    return 0;
  }

  // ---- the rules ----

  /** The state once time alone has moved it (one step), or this. */
  State timed(Change c) {
    return this;
  }

  /** When time alone would next move this state; {@link Nanos#NONE} if never. */
  long nextDeadline() {
    return Nanos.NONE;
  }

  /** Zero if a call would be admitted at {@code now}, else the nanoseconds until one may be. */
  abstract long retryAfterNanos(long now);

  /** The gate for callers: admits ({@code c.admitted}) or refuses with a REJECTED event. */
  abstract State acquire(Change c);

  /** The health monitor's gate: like {@link #acquire}, trials included; refusals are silent. */
  abstract State acquireProbe(Change c);

  /** A reported outcome (see {@link Report}). */
  abstract State outcome(Change c, Report in);

  /** A trial permit completed with ignore: its slot is freed and nothing is recorded. */
  State ignoreTrial(Change c, long generation, long trial) {
    return this;
  }

  /** Manual close ({@code reset}). */
  abstract State reset(Change c, Object reason);

  /** A sharing module's "close". */
  State remoteClose(Change c, Object reason) {
    return Closed.enter(c, this, Move.SHARED_CLOSE, reason);
  }

  /** A sharing module's "open until {@code until}". */
  State remoteOpen(Change c, long until, Object reason) {
    return Open.enter(c, this, Move.SHARED_OPEN, c.now, reason, until - c.now);
  }

  /** Opens as the circuit's own failures would (the fleet's count reached the threshold). */
  State openAsFailing(Change c, Object reason) {
    return this;
  }

  /** New settings: the state's own part (a CLOSED tracker carries on or starts afresh). */
  State reconfigured(Change c) {
    return this;
  }

  /** A success or failure that arrives too late to decide anything: only the last times. */
  final State lateAnswer(Change c, Report in) {
    c.recordOutcome(in.success(), in.reason());
    return this;
  }

  /** One reported outcome, as the connection passes it into a computation: its own input. */
  record Report(boolean success, Object reason, long generation, long trial, long elapsedNanos,
      Tracker recordedOn, int verdict) implements Inputs.Rule {
    /** The generation of an outcome reported by name, without a permit. */
    static final long BY_NAME = -1;
    /** The trial slot of an outcome that is not a trial's. */
    static final long NO_TRIAL = -1;

    @Override
    public State apply(State s, Change c) {
      return c.settle(s).outcome(c, this);
    }

    /** Whether it was reported against {@code s}'s generation, or by name. */
    boolean current(State s) {
      return generation == BY_NAME || generation == s.generation;
    }
  }
}
