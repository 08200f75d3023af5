package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.CheckedCallable;
import io.brama.Circuit;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.ErrorHandler;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.Permit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One registered connection: its snapshot, swapped by compare-and-set, and the fast paths that read
 * it without locks, allocation or clock reads while the circuit is CLOSED.
 */
public final class ConnectionCore implements Circuit {
  private static final VarHandle SNAPSHOT;
  private static final VarHandle LAST_SUCCESS;
  private static final VarHandle CLOSED_MARK;
  private static final long DEFAULT_EXPIRY = Nanos.of(BramaConfig.defaults().expiry());

  static {
    try {
      SNAPSHOT = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "snapshot",
          Snapshot.class);
      LAST_SUCCESS = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "lastSuccess",
          long.class);
      CLOSED_MARK = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "closedMark",
          int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** First of the references, so that the JVM lays it out beside {@link #closedMark}. */
  private final String id;
  private final Engine engine;
  private final EventBus bus;
  private final TimeSource time;
  private final String type;
  private final String scope;
  private final Map<String, String> metadata;
  private volatile Snapshot snapshot;
  /** Successes recorded on the hot path (see {@link Snapshot#lastSuccessAt}). */
  private volatile long lastSuccess = Nanos.NONE;
  /**
   * {@link #available} reads this instead of the snapshot, so that across a large registry a closed
   * circuit costs one object (and one cache miss) after the map lookup, not two. It holds a snapshot
   * {@link Snapshot#version} plus 1 when that snapshot is CLOSED. Invariant: bit 0 is set only while
   * the current snapshot is CLOSED. A swap out of CLOSED clears it before its compare-and-set; a
   * swap into CLOSED sets it afterwards unless a later version has been seen, so a delayed writer
   * cannot set it over a newer, non-CLOSED snapshot. While it is clear, callers take the snapshot
   * path, which is always right.
   */
  private volatile int closedMark;
  private volatile ExpiryMemo expiryMemo;

  /** Call counts, or null when the Brama does not count calls. */
  private final CallCounters counters;

  // The event bus's cursor (EventSequencer, by VarHandle): last consumed sequence << 1 | parked.
  long dispatchedSequence;

  private record ExpiryMemo(ExpiryStrategy strategy, int opens, long generation, long nanos) {}

  ConnectionCore(Engine engine, String id, String type, String scope, Map<String, String> metadata,
      Settings settings, long sequence, boolean countCalls) {
    this.counters = countCalls ? new CallCounters() : null;
    this.engine = engine;
    this.bus = engine.bus();
    this.time = engine.time();
    this.id = id;
    this.type = type;
    this.scope = scope;
    this.metadata = metadata;
    this.snapshot = Snapshot.initial(this, settings, sequence);
    this.closedMark = snapshot.version | 1;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String scope() {
    return scope;
  }

  long now() {
    return time.now();
  }

  Engine engine() {
    return engine;
  }

  // ---- the gate ----

  @Override
  public boolean available() {
    if ((closedMark & 1) != 0) {
      return true;
    }
    return permit().granted();
  }

  @Override
  public Permit tryAcquire() {
    return permit();
  }

  /**
   * The health monitor's gate: a CLOSED permit, a trial in HALF_OPEN (the monitor's alone), or a
   * refusal; null once removed.
   */
  GatePermit probePermit() {
    Transition t = run(Transition::acquireProbe, false);
    if (t == null) {
      return null;
    }
    Snapshot r = t.result;
    if (r.state == CircuitState.CLOSED) {
      return r.permit;
    }
    return t.grantedTrial >= 0 ? new TrialPermit(this, r.generation, t.grantedTrial) : r.permit;
  }

  /** Marks whether a health monitor owns the half-open trials; false once removed. */
  boolean monitored(boolean attached) {
    return run(t -> t.monitored(attached), false) != null;
  }

  /** The gate for tryAcquire and the decorators: a granted or a refused permit. */
  GatePermit permit() {
    Snapshot s = snapshot;
    if (s.state == CircuitState.CLOSED) {
      return s.permit;
    }
    if (s.state != null && !bus.wants(EventType.REJECTED)) {
      // Refusing with nothing to record or move needs no new snapshot: allocate nothing.
      long now = now();
      if (now < s.nextDeadline() && s.retryAfterNanos(now) > 0) {
        countRejected();
        bus.dropped(this, EventType.REJECTED);
        return s.permit;
      }
    }
    Transition t = run(Transition::acquire, true);
    Snapshot r = t.result;
    if (r.state == CircuitState.CLOSED) {
      return r.permit;
    }
    if (t.grantedTrial >= 0) {
      return new TrialPermit(this, r.generation, t.grantedTrial);
    }
    countRejected();
    return r.permit;
  }

  private void countRejected() {
    CallCounters c = counters;
    if (c != null) {
      c.rejected();
    }
  }

  /** A permit completed with ignore(). */
  void countIgnored() {
    CallCounters c = counters;
    if (c != null) {
      c.ignored();
    }
  }

  @Override
  public CallCounts calls() {
    if (snapshot.state == null) {
      throw engine.gone(id);
    }
    CallCounters c = counters;
    if (c == null) {
      throw new IllegalStateException("this Brama does not count calls: build it with "
          + "Brama.builder().countCalls(true)");
    }
    return c.snapshot();
  }

  // ---- outcomes ----

  @Override
  public void success() {
    CallCounters c = counters;
    if (c != null) {
      c.success();
    }
    if (snapshot.quietSuccess && bus.skips(this, EventType.SUCCESS)) {
      touchSuccess();
      return;
    }
    outcome(true, null, -1, -1, Nanos.NONE, true);
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
    outcome(false, reason, -1, -1, Nanos.NONE, true);
  }

  /** A CLOSED-state permit's plain success: the hot path. */
  void permitSuccess(long generation) {
    CallCounters c = counters;
    if (c != null) {
      c.success();
    }
    Snapshot s = snapshot;
    if (s.generation == generation && s.quietSuccess && bus.skips(this, EventType.SUCCESS)) {
      touchSuccess();
      return;
    }
    outcome(true, null, generation, -1, Nanos.NONE, false);
  }

  void permitOutcome(boolean success, Object reason, long generation, long trial,
      long elapsedNanos) {
    CallCounters c = counters;
    if (c != null) {
      long threshold = snapshot.settings.slowCallNanos;
      c.outcome(success, elapsedNanos != Nanos.NONE && threshold != Nanos.NONE
          && elapsedNanos > threshold);
    }
    outcome(success, reason, generation, trial, elapsedNanos, false);
  }

  /**
   * Records an outcome. {@code generation < 0}: name-based. Under a rate policy a CLOSED-state
   * outcome is written to the window here, exactly once, before the snapshot computation (which may
   * be retried) learns whether it opens the circuit.
   */
  private void outcome(boolean success, Object reason, long generation, long trial,
      long elapsedNanos, boolean strict) {
    Snapshot s = snapshot;
    FailureWindow w = s.window;
    if (w != null && trial < 0 && s.state == CircuitState.CLOSED
        && (generation < 0 || generation == s.generation)) {
      boolean slow = elapsedNanos != Nanos.NONE && s.settings.slowCallNanos != Nanos.NONE
          && elapsedNanos > s.settings.slowCallNanos;
      boolean opens = w.record(!success, slow, time.coarse());
      if (success && !opens && bus.skips(this, EventType.SUCCESS)) {
        touchSuccess();
        return;
      }
      run(t -> t.windowOutcome(w, success, reason, opens), strict);
      return;
    }
    run(t -> t.outcome(success, reason, generation, trial, elapsedNanos), strict);
  }

  /** The snapshot in force (the decorators' fast path reads it once per call). */
  Snapshot current() {
    return snapshot;
  }

  /** Whether calls are timed now (slow-call detection configured). */
  boolean measuresSlowCalls() {
    return snapshot.settings.slowCallNanos != Nanos.NONE;
  }

  /** The current settings (for the decorators' exception rules and timeouts). */
  Settings settings() {
    return snapshot.settings;
  }

  void permitIgnore(long generation, long trial) {
    countIgnored();
    run(t -> t.ignoreTrial(generation, trial), false);
  }

  /** The hot path's success time: written only when the (coarse) time moved on, never backwards. */
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

  @Override
  public CircuitState state() {
    return settle().state;
  }

  @Override
  public ConnectionStatus status() {
    // One moment for everything: the instant the state was settled at.
    Snapshot s = snapshot;
    long now;
    if (s.state == CircuitState.CLOSED) {
      now = now();
    } else {
      Transition t = run(Transition::settle, true);
      s = t.result;
      now = t.now;
    }
    return new ConnectionStatus(id, type, scope, metadata, s.state, s.failureCount,
        s.settings.maxAttempts, s.consecutiveOpens, Nanos.toInstant(s.openedAt),
        Nanos.toInstant(s.halfOpensAt), Nanos.toInstant(Math.max(s.lastSuccessAt, lastSuccess)),
        Nanos.toInstant(s.lastFailureAt), s.lastFailureReason, s.activeTrials(),
        Duration.ofNanos(s.retryAfterNanos(now)), s.window == null ? null : s.window.status(now));
  }

  /** The wait before a call may be admitted, now (after any due move); 0 once removed. */
  long retryAfterNanos() {
    Snapshot s = snapshot;
    if (s.state == null) {
      return 0;
    }
    if (s.state == CircuitState.CLOSED) {
      return 0;
    }
    Transition t = run(Transition::settle, false);
    return t == null ? 0 : t.result.retryAfterNanos(t.now);
  }

  /** Applies timed moves (OPEN to HALF_OPEN, trial timeouts) and returns the snapshot in force. */
  Snapshot settle() {
    Snapshot s = snapshot;
    if (s.state == CircuitState.CLOSED) {
      return s;
    }
    return run(Transition::settle, true).result;
  }

  /** For the sweeper: applies timed moves if one is due; never throws for a removed connection. */
  void sweep(long now) {
    Snapshot s = snapshot;
    long due = s.state == null ? Nanos.NONE : s.nextDeadline();
    if (due != Nanos.NONE && now >= due) {
      run(Transition::settle, false);
    }
  }

  // ---- manual operations ----

  /** Manual open; a null duration means the strategy's next expiry. */
  public void open(Object reason, Duration duration) {
    long fixed = duration == null ? -1 : Nanos.of(duration);
    run(t -> t.manualOpen(reason, fixed), true);
  }

  /** Manual close. */
  public void reset(Object reason) {
    run(t -> t.reset(reason), true);
  }

  /** A sharing module's "open until {@code until}" (epoch nanos of the injected clock). */
  void remoteOpen(long until, Object reason) {
    run(t -> t.remoteOpen(until, reason), false);
  }

  /** Opens a CLOSED circuit as its failures would: the fleet's count reached maxAttempts. */
  void openAsFailing(Object reason) {
    run(t -> t.openAsFailing(reason), false);
  }

  /** A sharing module's "close". */
  void remoteClose(Object reason) {
    run(t -> t.remoteClose(reason), false);
  }

  /** Whether successes are reported to the sharing module. */
  void watchSuccesses(boolean on) {
    run(t -> t.watch(on), false);
  }

  /** Posts a SHARED_STATE event. */
  void sharedStateEvent(Object reason) {
    run(t -> t.sharedStateEvent(reason), false);
  }

  /** Merges configuration overrides. */
  public void configure(ConnectionConfig config) {
    run(t -> t.configure(config), true);
  }

  /** Unregisters; false if already removed. */
  boolean remove() {
    return run(Transition::remove, false) != null;
  }

  /** Ends the connection without an event (the Brama is closing). */
  void terminate() {
    for (;;) {
      Snapshot s = snapshot;
      if (s.state == null) {
        return;
      }
      Snapshot.Draft d = s.edit();
      d.state = null;
      if (install(s, d.freeze(this))) {
        return;
      }
    }
  }

  boolean removed() {
    return snapshot.state == null;
  }

  // ---- decorators ----

  @Override
  public <T, E extends Exception> T call(CheckedCallable<T, E> action) throws E {
    return Calls.call(this, ErrorHandler.defaults(), action);
  }

  // ---- machinery ----

  /**
   * Computes and installs the next snapshot. Returns the computation, or null when the connection
   * is removed and {@code strict} is false; with {@code strict} a removed connection throws.
   */
  private Transition run(Consumer<Transition> rule, boolean strict) {
    for (;;) {
      Snapshot s = snapshot;
      if (s.state == null) {
        if (strict) {
          throw engine.gone(id);
        }
        return null;
      }
      Transition t = new Transition(this, s, now(), bus.perCallMask());
      rule.accept(t);
      List<Transition.Pending> events = t.events();
      if (!t.changed() && events.isEmpty()) {
        t.result = s;
        engine.shared(this, t);
        return t;
      }
      t.d.sequence = s.sequence + events.size();
      Snapshot next = t.d.freeze(this);
      if (install(s, next)) {
        t.result = next;
        afterSwap(s, next, t, events);
        return t;
      }
    }
  }

  /**
   * What a swap causes, in an order nothing user-supplied can break: the events are posted first
   * (their sequence numbers must all arrive), then timers, the monitor and the sharing module.
   */
  private void afterSwap(Snapshot s, Snapshot next, Transition t,
      List<Transition.Pending> events) {
    engine.publish(this, s.sequence, events);
    long due = next.state == null ? Nanos.NONE : next.nextDeadline();
    if (due != Nanos.NONE) {
      engine.scheduler().wakeAt(this, due);
    }
    if (next.monitored && next.state == CircuitState.OPEN && next.halfOpensAt != s.halfOpensAt) {
      engine.monitors().opened(this, next.halfOpensAt); // its probe is the trial, on time
    }
    engine.shared(this, t);
  }

  /** The last sequence number this connection used (final once it is removed). */
  long lastSequence() {
    return snapshot.sequence;
  }

  /** For the scheduler's wake-up: applies the moves that are due; returns the next one's instant. */
  long wakeUp() {
    sweep(now());
    Snapshot s = snapshot;
    return s.state == null ? Nanos.NONE : s.nextDeadline();
  }

  /** Swaps {@code s} for {@code next}, keeping {@link #closedMark}'s invariant. */
  private boolean install(Snapshot s, Snapshot next) {
    if (s.state == CircuitState.CLOSED && next.state != CircuitState.CLOSED) {
      clearClosedMark(s.version);
    }
    if (!SNAPSHOT.compareAndSet(this, s, next)) {
      return false;
    }
    if (next.state == CircuitState.CLOSED) {
      setClosedMark(next.version);
    }
    return true;
  }

  /** Before leaving the CLOSED snapshot {@code version}. */
  private void clearClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & ~1) - version > 0 || mark == version) {
        return; // a later snapshot was marked (so leaving {@code version} will fail), or cleared
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version)) {
        return;
      }
    }
  }

  /** After entering (or staying in) the CLOSED snapshot {@code version}. */
  private void setClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & 1) != 0 || version - (mark & ~1) <= 0) {
        return; // already set for a CLOSED snapshot still current, or a later one was seen
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version | 1)) {
        return;
      }
    }
  }

  /** The strategy's expiry for the n-th open, asked once per decision and memoised for retries. */
  long expiryNanos(ExpiryStrategy strategy, int opens, long generation, long fallback) {
    ExpiryMemo m = expiryMemo;
    if (m != null && m.strategy == strategy && m.opens == opens && m.generation == generation) {
      return m.nanos;
    }
    long nanos = fallback == Nanos.NONE ? DEFAULT_EXPIRY : fallback;
    try {
      Duration d = strategy.expiryAfter(opens);
      if (d == null || d.isZero() || d.isNegative()) {
        engine.logError("expiry strategy " + Safe.describe(strategy) + " of connection '" + id
            + "' returned "
            + d + " for open #" + opens + "; expiry must be > 0. Using the last valid expiry "
            + Duration.ofNanos(nanos), null);
      } else {
        nanos = Nanos.of(d);
      }
    } catch (Throwable e) {
      engine.logError("expiry strategy " + Safe.describe(strategy) + " of connection '" + id
          + "' threw for open #"
          + opens + "; using the last valid expiry " + Duration.ofNanos(nanos), e);
    }
    expiryMemo = new ExpiryMemo(strategy, opens, generation, nanos);
    return nanos;
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "Circuit[" + id + ", " + (s.state == null ? "unregistered" : s.state) + "]";
  }
}
