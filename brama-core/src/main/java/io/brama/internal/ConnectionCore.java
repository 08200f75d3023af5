package io.brama.internal;

import io.brama.CallCounts;
import io.brama.CheckedCallable;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.ErrorHandler;
import io.brama.EventType;
import io.brama.Permit;
import io.brama.PolicyStatus;
import io.brama.WindowStatus;
import io.brama.internal.State.Report;
import io.brama.spi.CallObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;

/**
 * One registered connection: the handle users hold, its gate and outcomes here, its other
 * operations in {@link CircuitOperations}. Inputs become {@link State} computations,
 * installed by compare-and-set in the {@link StateCell}; a CLOSED circuit answers its fast paths
 * without locks, allocation or clock reads.
 */
public final class ConnectionCore extends CircuitOperations {
  private static final VarHandle LAST_SUCCESS;

  static {
    try {
      LAST_SUCCESS = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "lastSuccess",
          long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String type;
  private final String scope;
  private final Map<String, String> metadata;
  /** Successes recorded on the fast path (see {@link State#lastSuccessAt}). */
  private volatile long lastSuccess = Nanos.NONE;
  /** Call counts, or null when the Brama does not count calls. */
  private final CallCounters counters;
  /** Told about the calls through {@link #tryAcquire} and {@link #callPermit}; null for none. */
  final CallObserver observer;
  /** Rejections for JFR, made on the first one seen while a recording wants them. */
  volatile RejectionSampler jfrRejections;

  // The event bus's cursor (EventSequencer, by VarHandle): last consumed sequence << 1 | parked.
  long dispatchedSequence;

  ConnectionCore(Engine engine, String id, String type, String scope, Map<String, String> metadata,
      Settings settings, long sequence, boolean countCalls) {
    super(engine, id);
    this.counters = countCalls ? new CallCounters() : null;
    this.observer = engine.observer();
    this.type = type;
    this.scope = scope;
    this.metadata = metadata;
    init(Closed.initial(this, settings, sequence));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String scope() {
    return scope;
  }

  // ---- the gate ----

  @Override
  public boolean available() {
    return markedClosed() || permit().granted();
  }

  /**
   * The public gate, for a caller that times nothing itself: where slow calls are measured, a
   * CLOSED call gets a permit of its own that remembers when it was granted (trials always do).
   */
  @Override
  public Permit tryAcquire() {
    State s = state;
    if (s instanceof Closed c && c.plainCalls) {
      return c.permit;
    }
    return timedOrGated(s); // apart, so that the closed path stays small enough to inline
  }

  private Permit timedOrGated(State s) {
    GatePermit p = s instanceof Closed c ? c.permit : refusedOrTrial(s);
    if (p instanceof ClosedPermit c && settings().measuresSlowCalls()) {
      p = new TimedClosedPermit(c, now());
    }
    if (observer != null && !p.granted()) {
      ObservedPermit.refused(this, Calls.rejection(this, p));
    }
    return ObservedPermit.of(this, p);
  }

  /** The gate for the decorators, which time calls themselves: a granted or a refused permit. */
  GatePermit permit() {
    State s = state;
    if (s instanceof Closed c) {
      return c.permit;
    }
    return refusedOrTrial(s);
  }

  private GatePermit refusedOrTrial(State s) {
    if (refusedAtOnce(s) > 0) {
      return s.refused;
    }
    return granted(run(Inputs.ACQUIRE, true), true);
  }

  /**
   * A refusal that needs no new state (nothing to record, no move due): counted, it returns the
   * wait left, in nanoseconds from one look at the clock; 0 when the gate must compute (or admits).
   */
  long refusedAtOnce() {
    State s = state;
    return s instanceof Closed ? 0 : refusedAtOnce(s);
  }

  private long refusedAtOnce(State s) {
    if (s.refused != null && !bus.wants(EventType.REJECTED)) {
      long now = now();
      long wait;
      if (now < s.nextDeadline() && (wait = s.retryAfterNanos(now)) > 0) {
        countRejected(now, wait);
        bus.dropped(this, EventType.REJECTED);
        return wait;
      }
    }
    return 0;
  }

  /**
   * The health monitor's gate: a CLOSED permit, a trial in HALF_OPEN (the monitor's alone), or a
   * refusal; null once removed.
   */
  GatePermit probePermit() {
    Change c = run(Inputs.ACQUIRE_PROBE, false);
    return c == null ? null : granted(c, false);
  }

  private GatePermit granted(Change c, boolean counted) {
    State r = c.result;
    if (r instanceof Closed closed) {
      return closed.permit;
    }
    if (c.grantedTrial >= 0) {
      return new TrialPermit(this, r.generation, c.grantedTrial,
          r.settings.measuresSlowCalls() ? c.now : Nanos.NONE);
    }
    if (counted) {
      countRejected(c.now, r.retryAfterNanos(c.now));
    }
    return r.refused; // made when the circuit first left CLOSED
  }

  /** Marks whether a health monitor owns the half-open trials; false once removed. */
  boolean monitored(boolean attached) {
    return run(Inputs.monitored(attached), false) != null;
  }

  @Override
  public CallCounts calls() {
    if (state instanceof Removed) {
      throw engine.lifecycle().unusable(id());
    }
    CallCounters c = counters;
    if (c == null) {
      throw new IllegalStateException("this Brama does not count calls: build it with "
          + "Brama.builder().countCalls(true)");
    }
    return c.snapshot();
  }

  private void countRejected(long now, long retryAfterNanos) {
    CallCounters c = counters;
    if (c != null) {
      c.rejected();
    }
    if (Jfr.rejections) {
      RejectionSampler.of(this).rejected(now, retryAfterNanos);
    }
  }

  // ---- outcomes: every one goes through report ----

  @Override
  public void success() {
    CallCounters c = counters;
    if (c != null) {
      c.success();
    }
    if (!quietSuccess()) {
      report(true, null, Report.BY_NAME, Report.NO_TRIAL, Nanos.NONE, true);
    }
  }

  @Override
  public void failure() {
    failure(null);
  }

  @Override
  public void failure(Object reason) {
    CallCounters c = counters;
    if (c != null) {
      c.outcome(false, false);
    }
    report(false, reason, Report.BY_NAME, Report.NO_TRIAL, Nanos.NONE, true);
  }

  /** A CLOSED-state permit's plain success: the hot path. */
  void permitSuccess(long generation) {
    CallCounters c = counters;
    if (c != null) {
      c.success();
    }
    if (!quietSuccess(generation)) {
      report(true, null, generation, Report.NO_TRIAL, Nanos.NONE, false);
    }
  }

  /**
   * The success fast path, kept small so that it inlines: a CLOSED state whose success changes
   * nothing ({@link Closed#quietSuccess}; false in every other state) and nobody to tell: only the
   * last success time. False when the success must be reported.
   */
  private boolean quietSuccess() {
    if (state.quietSuccess && bus.skips(this, EventType.SUCCESS)) {
      touchSuccess();
      return true;
    }
    return false;
  }

  /** {@link #quietSuccess()} for a permit of {@code generation} (another state's: reported). */
  private boolean quietSuccess(long generation) {
    State s = state;
    if (s.generation == generation && s.quietSuccess && bus.skips(this, EventType.SUCCESS)) {
      touchSuccess();
      return true;
    }
    return false;
  }

  /** A permit's outcome; {@code trial < 0} for a CLOSED-state permit. */
  void permitOutcome(boolean success, Object reason, long generation, long trial,
      long elapsedNanos) {
    CallCounters c = counters;
    if (c != null) {
      c.outcome(success, state.settings.isSlow(elapsedNanos));
    }
    report(success, reason, generation, trial, elapsedNanos, false);
  }

  /** A permit completed with ignore(): a trial slot goes back; nothing is recorded. */
  void permitIgnore(long generation, long trial) {
    countIgnored();
    if (trial != Report.NO_TRIAL) {
      run(Inputs.ignoreTrial(generation, trial), false);
    }
  }

  void countIgnored() {
    CallCounters c = counters;
    if (c != null) {
      c.ignored();
    }
  }

  /**
   * Records an outcome ({@code generation < 0}: name-based). In CLOSED the failure policy's tracker
   * records it here, exactly once, before the state computation (which may be retried) learns
   * what it means; a success that changes nothing leaves with the last success time alone.
   */
  private void report(boolean success, Object reason, long generation, long trial,
      long elapsedNanos, boolean strict) {
    State s = state;
    Tracker recordedOn = null;
    int verdict = Tracker.COUNTED;
    if (trial == Report.NO_TRIAL && s instanceof Closed c
        && (generation == Report.BY_NAME || generation == c.generation)) {
      recordedOn = c.tracker;
      verdict = recordedOn.record(!success, c.settings.isSlow(elapsedNanos), time);
      if (verdict == Tracker.QUIET && !c.watched && bus.skips(this, EventType.SUCCESS)) {
        touchSuccess();
        return;
      }
    }
    run(new Report(success, reason, generation, trial, elapsedNanos, recordedOn, verdict),
        strict);
  }

  /** The fast path's success time: written only when the (coarse) time moved on. */
  private void touchSuccess() {
    long t = time.coarse();
    long seen;
    while (t > (seen = lastSuccess)) {
      if (LAST_SUCCESS.compareAndSet(this, seen, t)) {
        return;
      }
    }
  }

  // ---- reads ----

  /** The current settings (for the decorators' exception rules and timeouts). */
  Settings settings() {
    return state.settings;
  }

  @Override
  public CircuitState state() {
    return settle().kind();
  }

  @Override
  public ConnectionStatus status() {
    // One moment for everything: the instant the state was settled at.
    State s = state;
    long now;
    if (s instanceof Closed) {
      now = now();
    } else {
      Change c = run(Inputs.SETTLE, true);
      s = c.result;
      now = c.now;
    }
    PolicyStatus policy = s.policyStatus(now);
    return new ConnectionStatus(id(), type, scope, metadata, s.kind(), s.failureCount(),
        s.settings.maxAttempts(), s.consecutiveOpens, Nanos.toInstant(s.openedAt()),
        Nanos.toInstant(s.halfOpensAt()), Nanos.toInstant(Math.max(s.lastSuccessAt, lastSuccess)),
        Nanos.toInstant(s.lastFailureAt), s.lastFailureReason, s.activeTrials(),
        Duration.ofNanos(s.retryAfterNanos(now)),
        s instanceof Closed && policy instanceof WindowStatus w ? w : null, policy);
  }

  // ---- the registry's ----

  /** Unregisters; false if already removed. */
  boolean remove() {
    return run(Inputs.REMOVE, false) != null;
  }

  /** Ends the connection without an event (the Brama is closing). */
  void terminate() {
    run(Inputs.TERMINATE, false);
  }

  boolean removed() {
    return state instanceof Removed;
  }

  // ---- decorators ----

  @Override
  public <T, E extends Exception> T call(CheckedCallable<T, E> action) throws E {
    return Calls.call(this, ErrorHandler.defaults(), action);
  }

  @Override
  public String toString() {
    State s = state;
    return "Circuit[" + id() + ", " + (s instanceof Removed ? "unregistered" : s.kind()) + "]";
  }
}
