package io.brama.model;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.CircuitState.OPEN;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionAlreadyRegisteredException;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import io.brama.UnknownConnectionException;
import io.brama.WindowStatus;
import io.brama.model.Specs.Consecutive;
import io.brama.model.Specs.ModelStrategy;
import io.brama.model.Specs.PolicySpec;
import io.brama.model.Specs.Rate;
import io.brama.model.Specs.SlowCall;
import io.brama.model.Specs.TimedRate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately simple, single-threaded reference model of Brama's registry and state machine,
 * written from the guides (docs/state-machine.md, docs/events.md, docs/failure-policies.md) and the
 * numbered rules of docs/rules.md, not from the implementation. Time only moves when
 * {@link #advance} is called. Every per-connection operation first applies the timed transitions
 * that are due ({@link Conn#catchUp}), in time order, each stamped with the instant it became due
 * (Rules H1 and H3).
 *
 * <p>The model records the events the test's subscriber should receive, in order.
 */
final class ReferenceModel {
  /** The expiry used when a strategy misbehaves and the connection never had a valid one. */
  static final Duration NO_VALID_EXPIRY_FALLBACK = Duration.ofSeconds(60);

  /** How often each rule was exercised, over all runs (printed by the test, to show coverage). */
  static final Map<String, java.util.concurrent.atomic.AtomicLong> COVERAGE =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  static void covered(String rule) {
    COVERAGE.computeIfAbsent(rule, k -> new java.util.concurrent.atomic.AtomicLong())
        .incrementAndGet();
  }

  /** An expected exception: the implementation must throw this type. */
  static class Expect extends RuntimeException {
    final Class<? extends Exception> type;

    Expect(Class<? extends Exception> type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }

  /**
   * The settings a connection runs with (global defaults merged with its overrides). A slowCall is
   * the connection's own (set by a ConnectionConfig) or the defaults'; the defaults' applies only
   * under a rate policy (issue 14), the own one needs a rate policy.
   */
  record Settings(PolicySpec policy, ModelStrategy strategy, int halfOpenTrials,
      SlowCall ownSlowCall, SlowCall inheritedSlowCall, List<Class<? extends Throwable>> record,
      List<Class<? extends Throwable>> ignore, Duration callTimeout) {

    /** Only the fields {@code c} sets change; {@code strategy} is the model of c's strategy. */
    Settings merge(Specs.ConfigSpec c, ModelStrategy cStrategy) {
      return new Settings(
          c.policy() != null ? c.policy() : policy,
          c.strategy() != null ? cStrategy : strategy,
          c.halfOpenTrials() != null ? c.halfOpenTrials() : halfOpenTrials,
          c.slowCall() != null ? c.slowCall() : ownSlowCall,
          inheritedSlowCall,
          c.record() != null ? c.record() : record,
          c.ignore() != null ? c.ignore() : ignore,
          c.callTimeout() != null ? c.callTimeout() : callTimeout);
    }

    /** The slowCall in force: the own one, else the defaults' under a rate policy. */
    SlowCall slowCall() {
      if (ownSlowCall != null) {
        return ownSlowCall;
      }
      return policy instanceof Consecutive ? null : inheritedSlowCall;
    }

    boolean valid() {
      return !(policy instanceof Consecutive && ownSlowCall != null);
    }

    boolean isSlow(Duration elapsed) {
      SlowCall slow = slowCall();
      return slow != null && elapsed != null && elapsed.compareTo(slow.threshold()) > 0;
    }
  }

  /** One recorded call in a rate window. */
  record WindowCall(Instant at, boolean failed, boolean slow) {}

  /** An outstanding half-open trial slot. */
  static final class Slot {
    final Instant grantedAt;

    Slot(Instant grantedAt) {
      this.grantedAt = grantedAt;
    }
  }

  /** What a reporter says about a call. */
  enum Kind { SUCCESS, FAILURE, IGNORE }

  /** A permit as the model sees it. */
  static final class MPermit {
    final Conn conn;
    final boolean granted;
    final long generation;
    final Slot slot; // non-null for a trial permit
    /** A refused permit: when the refusing period ends (halfOpensAt, or the oldest trial deadline). */
    Instant admitsAt;
    /**
     * When a granted permit of a connection that measures slow calls was granted (rule P4: it times
     * itself, so a completion without a duration has one); null otherwise.
     */
    Instant grantedAt;
    boolean completed;

    MPermit(Conn conn, boolean granted, long generation, Slot slot) {
      this.conn = conn;
      this.granted = granted;
      this.generation = generation;
      this.slot = slot;
    }

    boolean trial() {
      return slot != null;
    }

    @Override
    public String toString() {
      return !granted ? "refused permit of " + conn.id
          : (trial() ? "trial" : "closed") + " permit of " + conn.id + "#" + conn.incarnation
              + " gen " + generation;
    }
  }

  // ------------------------------------------------------------------ registry

  Instant now;
  final Settings globals;
  /** Event types the test's subscription accepts. */
  final Set<EventType> subscribed;
  /** Events the subscriber must have received, in order. */
  final List<BramaEvent> events = new ArrayList<>();
  final Map<String, Conn> conns = new TreeMap<>();
  private int incarnations;

  ReferenceModel(Instant start, Settings globals, Set<EventType> subscribed) {
    this.now = start;
    this.globals = globals;
    this.subscribed = subscribed;
  }

  /** Orders wake-up timers due at the same instant: when each connection's was first queued. */
  private long timerOrder;

  /**
   * The clock moves on: the Brama's wake-up timers that became due run before advance returns,
   * earliest first and, at equal instants, in the order they were first queued. A timer fires at
   * the instant it was armed for, which may be an older deadline (a trial that has since ended);
   * the connection then settles at the new now and its timer is armed again.
   */
  void advance(Duration d) {
    armAll(); // what the step did so far armed timers (the implementation arms at each swap)
    now = now.plus(d);
    for (;;) {
      Conn next = null;
      for (Conn c : conns.values()) {
        if (c.timerDue != null && !now.isBefore(c.timerDue) && (next == null
            || c.timerDue.isBefore(next.timerDue)
            || c.timerDue.equals(next.timerDue) && c.timerSeq < next.timerSeq)) {
          next = c;
        }
      }
      if (next == null) {
        return;
      }
      next.timerDue = null;
      next.catchUp();
      next.arm();
    }
  }

  /** After every step: each connection with a timed move ahead has its timer queued no later. */
  void armAll() {
    conns.values().forEach(Conn::arm);
  }

  Conn require(String id) {
    Conn c = conns.get(id);
    if (c == null) {
      throw new Expect(UnknownConnectionException.class, "unknown id " + id);
    }
    return c;
  }

  /** register(id, registration) (or registerIfAbsent). Returns the connection. */
  Conn register(String id, Specs.RegSpec reg, ModelStrategy overrideStrategy, boolean ifAbsent) {
    // Not specified which check comes first; the implementation validates the settings first.
    Settings s = globals.merge(reg.config(), overrideStrategy);
    if (!s.valid()) {
      throw new Expect(IllegalArgumentException.class, "slowCall with the consecutive policy");
    }
    Conn existing = conns.get(id);
    if (existing != null) {
      if (ifAbsent) {
        return existing;
      }
      throw new Expect(ConnectionAlreadyRegisteredException.class, id + " is taken");
    }
    Conn c = new Conn(id, reg.type(), reg.scope(),
        reg.metadata() ? Map.of("owner", "model-test") : Map.of(), ++incarnations, s);
    conns.put(id, c);
    c.emit(EventType.REGISTERED, now, null, CLOSED, null);
    return c;
  }

  boolean unregister(String id) {
    Conn c = conns.remove(id);
    if (c == null) {
      return false;
    }
    if (c.state == OPEN && !now.isBefore(c.halfOpensAt)) {
      covered("unregister with an OPEN -> HALF_OPEN due");
    }
    c.emit(EventType.UNREGISTERED, now, null, c.state, null);
    c.gone = true;
    return true;
  }

  // ------------------------------------------------------------------ one connection

  final class Conn {
    final String id;
    final String type;
    final String scope;
    final Map<String, String> metadata;
    final int incarnation;
    Settings settings;
    boolean gone;

    CircuitState state = CLOSED;
    long generation = 1;
    long sequence;
    int failureCount;
    int consecutiveOpens;
    Instant openedAt;
    Instant halfOpensAt;
    Instant lastSuccessAt;
    Instant lastFailureAt;
    Object lastFailureReason;
    /** The length of the last open period: the trial deadline in HALF_OPEN. */
    Duration currentExpiry;
    /** The last valid answer of a strategy, used when it misbehaves. */
    Duration lastValidExpiry;
    /** Outstanding trial slots, oldest first (HALF_OPEN only). */
    final List<Slot> slots = new ArrayList<>();
    /** Calls recorded since the window last started empty (rate policies, CLOSED only). */
    final List<WindowCall> window = new ArrayList<>();

    Conn(String id, String type, String scope, Map<String, String> metadata, int incarnation,
        Settings settings) {
      this.id = id;
      this.type = type;
      this.scope = scope;
      this.metadata = metadata;
      this.incarnation = incarnation;
      this.settings = settings;
    }

    void emit(EventType t, Instant at, CircuitState previous, CircuitState next, Object reason) {
      boolean perCall = t == EventType.SUCCESS || t == EventType.FAILURE || t == EventType.REJECTED;
      if (perCall && !subscribed.contains(t)) {
        return; // not built: consumes no sequence number
      }
      long seq = ++sequence;
      if (subscribed.contains(t)) {
        events.add(new BramaEvent(t, id, type, scope, at, seq, previous, next, reason));
      }
    }

    // ---- timed transitions

    /** Applies every timed transition due at {@code now}, each at the instant it became due. */
    void catchUp() {
      while (true) {
        if (state == OPEN && !now.isBefore(halfOpensAt)) {
          toHalfOpen(halfOpensAt);
        } else if (state == HALF_OPEN && !slots.isEmpty()
            && !now.isBefore(deadline(slots.get(0)))) {
          Instant at = deadline(slots.get(0));
          covered("trial timed out");
          slots.remove(0);
          String reason = "half-open trial not completed within " + currentExpiry;
          lastFailureAt = at;
          lastFailureReason = reason;
          emit(EventType.FAILURE, at, null, HALF_OPEN, reason);
          toOpen(at, reason, null, HALF_OPEN);
        } else {
          return;
        }
      }
    }

    Instant deadline(Slot s) {
      return s.grantedAt.plus(currentExpiry);
    }

    /** The instant its wake-up timer is queued for, or null. */
    Instant timerDue;
    long timerSeq = -1;

    /** As the scheduler's armNoLater: queue the timer, or move it earlier; it keeps its order. */
    void arm() {
      Instant d = nextDeadline();
      if (d == null) {
        return;
      }
      if (timerDue == null) {
        timerDue = d;
        if (timerSeq < 0) {
          timerSeq = timerOrder++;
        }
      } else if (d.isBefore(timerDue)) {
        timerDue = d;
      }
    }

    /** When time alone would next move this connection: its expiry, or its oldest trial's deadline. */
    Instant nextDeadline() {
      if (state == OPEN) {
        return halfOpensAt;
      }
      return state == HALF_OPEN && !slots.isEmpty() ? deadline(slots.get(0)) : null;
    }

    // ---- transitions

    void toHalfOpen(Instant at) {
      covered("OPEN -> HALF_OPEN" + (at.equals(now) ? " (exactly at the expiry)" : ""));
      state = HALF_OPEN;
      generation++;
      slots.clear();
      emit(EventType.STATE_CHANGE, at, OPEN, HALF_OPEN, null);
    }

    /** To OPEN at {@code at}; {@code fixed} non-null: exactly that long, no backoff step. */
    void toOpen(Instant at, Object reason, Duration fixed, CircuitState previous) {
      Duration expiry;
      if (fixed != null) {
        expiry = fixed;
        // The README leaves open whether a manual duration counts as "the connection's last valid
        // expiry" for a misbehaving strategy; the implementation says it does, which is reasonable.
        lastValidExpiry = fixed;
      } else {
        consecutiveOpens++;
        expiry = nextExpiry(consecutiveOpens);
      }
      state = OPEN;
      generation++;
      failureCount = 0;
      openedAt = at;
      halfOpensAt = at.plus(expiry);
      currentExpiry = expiry;
      slots.clear();
      window.clear();
      if (previous != OPEN) {
        emit(EventType.STATE_CHANGE, at, previous, OPEN, reason);
      }
    }

    Duration nextExpiry(int n) {
      Duration d;
      try {
        d = settings.strategy().expiryAfter(n);
      } catch (RuntimeException e) {
        d = null;
      }
      if (d == null || d.isNegative() || d.isZero()) {
        covered("strategy misbehaved: fallback " + (lastValidExpiry != null ? "last valid" : "60 s"));
        return lastValidExpiry != null ? lastValidExpiry : NO_VALID_EXPIRY_FALLBACK;
      }
      lastValidExpiry = d;
      return d;
    }

    void toClosed(Instant at, Object reason) {
      CircuitState previous = state;
      state = CLOSED;
      generation++;
      failureCount = 0;
      consecutiveOpens = 0;
      openedAt = null;
      halfOpensAt = null;
      slots.clear();
      window.clear();
      emit(EventType.STATE_CHANGE, at, previous, CLOSED, reason);
    }

    // ---- the gate

    /** available()/tryAcquire()/call(): the permit, granted or refused. */
    MPermit acquire() {
      catchUp();
      switch (state) {
        case CLOSED:
          return timed(new MPermit(this, true, generation, null));
        case HALF_OPEN:
          if (slots.size() < settings.halfOpenTrials()) {
            Slot s = new Slot(now);
            slots.add(s);
            return timed(new MPermit(this, true, generation, s));
          }
          break;
        default:
          break;
      }
      emit(EventType.REJECTED, now, null, state, null);
      covered("rejected in " + state);
      MPermit refused = new MPermit(this, false, generation, null);
      refused.admitsAt = now.plus(retryAfter());
      return refused;
    }

    private MPermit timed(MPermit p) {
      if (settings.slowCall() != null) {
        p.grantedAt = now;
      }
      return p;
    }

    /** ZERO when a call would be admitted now, else the time until one may be. */
    Duration retryAfter() {
      return switch (state) {
        case CLOSED -> Duration.ZERO;
        case OPEN -> Duration.between(now, halfOpensAt);
        case HALF_OPEN -> slots.size() < settings.halfOpenTrials() ? Duration.ZERO
            : Duration.between(now, deadline(slots.get(0)));
      };
    }

    // ---- outcomes

    /** success(id) / failure(id, reason): never slow. */
    void reportByName(Kind kind, Object reason) {
      catchUp();
      switch (state) {
        case CLOSED -> recordClosed(kind, reason, null);
        case OPEN -> late(kind, reason);
        case HALF_OPEN -> {
          if (slots.isEmpty()) {
            late(kind, reason);
          } else {
            trialVerdict(slots.get(0), kind, reason, null);
          }
        }
      }
    }

    /** A late answer: timestamps and event only. */
    void late(Kind kind, Object reason) {
      covered("late answer (" + kind + ") in " + state);
      announce(kind, reason);
    }

    /** The timestamps and the SUCCESS/FAILURE event of a reported outcome. */
    void announce(Kind kind, Object reason) {
      if (kind == Kind.SUCCESS) {
        lastSuccessAt = now;
        emit(EventType.SUCCESS, now, null, state, null);
      } else if (kind == Kind.FAILURE) {
        lastFailureAt = now;
        lastFailureReason = reason;
        emit(EventType.FAILURE, now, null, state, reason);
      }
    }

    void recordClosed(Kind kind, Object reason, Duration elapsed) {
      boolean slow = settings.isSlow(elapsed);
      announce(kind, reason);
      if (settings.policy() instanceof Consecutive c) {
        if (kind == Kind.SUCCESS) {
          failureCount = 0;
        } else {
          failureCount++;
          if (failureCount >= c.maxAttempts()) {
            covered("consecutive failures opened");
            toOpen(now, reason, null, CLOSED);
          }
        }
        return;
      }
      window.add(new WindowCall(now, kind == Kind.FAILURE, slow));
      WindowStatus w = windowStatus();
      int minimumCalls = settings.policy() instanceof Rate r ? r.minimumCalls()
          : ((TimedRate) settings.policy()).minimumCalls();
      double percent = settings.policy() instanceof Rate r ? r.percent()
          : ((TimedRate) settings.policy()).percent();
      if (w.calls() < minimumCalls) {
        return;
      }
      if (w.failures() * 100.0 >= percent * w.calls() && settings.slowCall() != null
          && w.slowCalls() * 100.0 >= settings.slowCall().percent() * w.calls()) {
        covered("failure and slow-call rates both over");
      }
      if (w.failures() * 100.0 >= percent * w.calls()) {
        covered("rate window opened (" + settings.policy().getClass().getSimpleName() + ")");
        toOpen(now, String.format(Locale.ROOT, "failure rate %.1f%% >= %.1f%% (%d of %d calls)",
            w.failureRatePercent(), percent, w.failures(), w.calls()), null, CLOSED);
      } else if (settings.slowCall() != null
          && w.slowCalls() * 100.0 >= settings.slowCall().percent() * w.calls()) {
        covered("slow-call rate opened");
        toOpen(now, String.format(Locale.ROOT, "slow-call rate %.1f%% >= %.1f%% (%d of %d calls)",
            w.slowCallRatePercent(), settings.slowCall().percent(), w.slowCalls(), w.calls()),
            null, CLOSED);
      }
    }

    void trialVerdict(Slot slot, Kind kind, Object reason, Duration elapsed) {
      covered("trial verdict " + kind + (settings.isSlow(elapsed) ? " (slow)" : "")
          + (settings.halfOpenTrials() > 1 ? " with " + settings.halfOpenTrials() + " slots" : ""));
      slots.remove(slot);
      if (kind == Kind.SUCCESS && settings.isSlow(elapsed)) {
        kind = Kind.FAILURE;
        reason = "slow call: took " + elapsed + ", threshold " + settings.slowCall().threshold();
      }
      announce(kind, reason);
      if (kind == Kind.SUCCESS) {
        toClosed(now, null);
      } else {
        toOpen(now, reason, null, HALF_OPEN);
      }
    }

    /** The rate window as of now (calls aged out of a timed window are gone). */
    List<WindowCall> windowCalls() {
      if (settings.policy() instanceof Rate r) {
        return window.subList(Math.max(0, window.size() - r.size()), window.size());
      }
      TimedRate t = (TimedRate) settings.policy();
      long bucket = t.window().toNanos() / 10;
      long current = Math.floorDiv(epochNanos(now), bucket);
      return window.stream()
          .filter(c -> Math.floorDiv(epochNanos(c.at()), bucket) >= current - 10)
          .toList();
    }

    WindowStatus windowStatus() {
      List<WindowCall> calls = windowCalls();
      int n = calls.size();
      int failures = (int) calls.stream().filter(WindowCall::failed).count();
      int slow = (int) calls.stream().filter(WindowCall::slow).count();
      return new WindowStatus(n, failures, slow, n == 0 ? 0 : 100.0 * failures / n,
          n == 0 ? 0 : 100.0 * slow / n);
    }

    // ---- manual operations

    void open(Object reason, Duration duration) {
      catchUp();
      covered("manual open in " + state + (duration == null ? "" : " with a duration"));
      toOpen(now, reason, duration, state);
    }

    void reset(Object reason) {
      catchUp();
      if (state == CLOSED) {
        if (!window.isEmpty()) {
          covered("reset in CLOSED with a non-empty window");
        }
        failureCount = 0;
        window.clear(); // a reset empties the window too, in the same generation
      } else {
        toClosed(now, reason);
      }
    }

    void configure(Specs.ConfigSpec spec, ModelStrategy strategy, ConnectionConfig passed) {
      catchUp();
      Settings next = settings.merge(spec, strategy);
      if (!next.valid()) {
        covered("configure refused: slowCall with the consecutive policy");
        throw new Expect(IllegalArgumentException.class, "slowCall with the consecutive policy");
      }
      boolean windowChanged = !Objects.equals(next.policy(), settings.policy())
          || !Objects.equals(next.slowCall(), settings.slowCall());
      boolean wasConsecutive = settings.policy() instanceof Consecutive;
      settings = next;
      emit(EventType.CONFIGURED, now, null, state, passed);
      if (state != CLOSED) {
        return;
      }
      if (windowChanged) {
        window.clear();
      } else if (!window.isEmpty() && (spec.policy() != null || spec.slowCall() != null)) {
        covered("configure repeated the window settings: window kept");
      }
      if (next.policy() instanceof Consecutive c) {
        if (!wasConsecutive) {
          failureCount = 0;
        }
        if (failureCount >= c.maxAttempts()) {
          toOpen(now, lastFailureReason, null, CLOSED);
          covered("configure opened");
        }
      } else {
        failureCount = 0;
      }
    }

    // ---- permits

    /** A granted or refused permit completed with {@code kind}. */
    void complete(MPermit p, Kind kind, Object reason, Duration elapsed) {
      if (!p.granted || gone) {
        return;
      }
      if (elapsed == null && p.grantedAt != null) {
        covered("a permit that times itself completed without a duration");
        elapsed = Duration.between(p.grantedAt, now);
      }
      if (p.trial()) {
        if (p.completed) {
          covered("trial permit completed again");
          return;
        }
        p.completed = true;
      }
      catchUp();
      if (p.generation != generation) {
        covered("permit of an older generation (" + (p.trial() ? "trial" : "closed") + ")");
        late(kind, reason);
        return;
      }
      if (kind == Kind.IGNORE) {
        if (p.trial()) {
          slots.remove(p.slot);
        }
        return;
      }
      if (state == CLOSED) {
        recordClosed(kind, reason, elapsed);
      } else {
        if (state != HALF_OPEN || !p.trial() || !slots.contains(p.slot)) {
          throw new IllegalStateException("model bug: " + p + " in " + state);
        }
        trialVerdict(p.slot, kind, reason, elapsed);
      }
    }

    // ---- observation

    CircuitState state() {
      catchUp();
      return state;
    }

    ConnectionStatus status() {
      catchUp();
      boolean consecutive = settings.policy() instanceof Consecutive;
      return new ConnectionStatus(id, type, scope, metadata, state,
          state == CLOSED ? failureCount : 0,
          consecutive ? ((Consecutive) settings.policy()).maxAttempts() : 0,
          consecutiveOpens, openedAt, halfOpensAt, lastSuccessAt, lastFailureAt, lastFailureReason,
          state == HALF_OPEN ? slots.size() : 0, retryAfter(),
          state == CLOSED && !consecutive ? windowStatus() : null);
    }

    String describe() {
      return id + "#" + incarnation + "[" + state + " gen " + generation + " fails " + failureCount
          + " opens " + consecutiveOpens + " openedAt " + openedAt + " halfOpensAt " + halfOpensAt
          + " expiry " + currentExpiry + " slots " + slots.stream().map(s -> s.grantedAt).toList()
          + (settings.policy() instanceof Consecutive ? "" : " window " + window) + "]";
    }
  }

  static long epochNanos(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
  }
}
