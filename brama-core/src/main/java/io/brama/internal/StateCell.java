package io.brama.internal;

import io.brama.ExpiryStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cell a connection's {@link State} lives in: computations installed by compare-and-set, what a
 * swap causes (afterwards, never during), and the closed mark that lets {@code available} answer
 * for a CLOSED circuit from the connection object itself. A superclass of {@link ConnectionCore}
 * (through {@link CircuitOperations}) rather than a field, so that the cell costs no object and no
 * indirection.
 */
abstract sealed class StateCell permits CircuitOperations {
  private static final VarHandle STATE;
  private static final VarHandle CLOSED_MARK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(StateCell.class, "state", State.class);
      CLOSED_MARK = lookup.findVarHandle(StateCell.class, "closedMark", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * First of the references, so that the JVM lays it out beside {@link #closedMark}: the registry
   * compares it and {@code available} then reads the mark, one cache line for both.
   */
  private final String id;
  final Engine engine;
  final EventBus bus;
  final TimeSource time;
  /** The state in force. */
  volatile State state;
  /**
   * {@code available} reads this instead of the state, so that across a large registry a closed
   * circuit costs one object (and one cache miss) after the map lookup, not two. It holds a state
   * {@link State#version} plus 1 when that state is CLOSED. Invariant: bit 0 is set only while the
   * current state is CLOSED. A swap out of CLOSED clears it before its compare-and-set; a swap into
   * CLOSED sets it afterwards unless a later version has been seen, so a delayed writer cannot set
   * it over a newer, non-CLOSED state. While it is clear, callers take the state path, which is
   * always right.
   */
  volatile int closedMark;

  private volatile ExpiryMemo expiryMemo;
  /** The scheduler's wake-up timer of this connection, made on first need (see Scheduler). */
  volatile TimerQueue.Timer wakeTimer;

  StateCell(Engine engine, String id) {
    this.id = id;
    this.engine = engine;
    this.bus = engine.bus();
    this.time = engine.time();
  }

  /** The connection's id. */
  public final String id() {
    return id;
  }

  private ConnectionCore self() {
    return (ConnectionCore) this;
  }

  long now() {
    return time.now();
  }

  Engine engine() {
    return engine;
  }

  /** Installs the first state (from the subclass's constructor, which the state refers to). */
  final void init(Closed initial) {
    this.closedMark = initial.version | 1;
    this.state = initial;
  }

  /**
   * Computes and installs the next state. Returns the computation, or null when the connection is
   * removed and {@code strict} is false; with {@code strict} a removed connection throws.
   */
  Change run(Inputs.Rule rule, boolean strict) {
    Change c = null;
    for (;;) {
      State s = state;
      if (s instanceof Removed) {
        if (strict) {
          throw engine.lifecycle().unusable(id());
        }
        return null;
      }
      // One computation object for all attempts: a lost race costs no allocation of its own.
      if (c == null) {
        c = new Change(self(), s, now(), bus.perCallMask());
      } else {
        c.restart(s, now(), bus.perCallMask());
      }
      State next = c.finish(rule.apply(s, c));
      if (next == null) {
        c.result = s;
        engine.shared(self(), c);
        return c;
      }
      if (install(s, next)) {
        c.result = next;
        afterSwap(s, next, c);
        return c;
      }
    }
  }

  /**
   * What a swap causes, in an order nothing user-supplied can break: the events are posted first
   * (their sequence numbers must all arrive), then timers, the monitor and the sharing module.
   */
  private void afterSwap(State s, State next, Change c) {
    engine.publish(self(), s.sequence, c.events(), c.eventCount());
    if (s.kind() != next.kind()) {
      RejectionSampler.flush(self());
    }
    long due = next.nextDeadline();
    if (due != Nanos.NONE && engine.timesMoves(next)) {
      engine.scheduler().wakeAt(self(), due);
    }
    if (next.monitored && next instanceof Open o
        && !(s instanceof Open p && p.halfOpensAt == o.halfOpensAt)) {
      engine.monitors().opened(self(), o.halfOpensAt); // its probe is the trial, on time
    }
    engine.shared(self(), c);
  }

  /** The last sequence number this connection used (final once it is removed). */
  long lastSequence() {
    return state.sequence;
  }

  /** The strategy's expiry for the n-th open, asked once per decision and memoised for retries. */
  long expiryNanos(ExpiryStrategy strategy, int opens, long generation, long fallback) {
    if (strategy instanceof DeterministicExpiry) {
      return Nanos.of(strategy.expiryAfter(opens));
    }
    ExpiryMemo m = expiryMemo;
    if (m == null || !m.answers(strategy, opens, generation)) {
      m = ExpiryMemo.ask(self(), strategy, opens, generation, fallback);
      expiryMemo = m;
    }
    return m.nanos();
  }

  /** Whether the closed mark says CLOSED (if it does not, ask the state). */
  final boolean markedClosed() {
    return (closedMark & 1) != 0;
  }

  /** Swaps {@code s} for {@code next}, keeping the closed mark's invariant. */
  final boolean install(State s, State next) {
    if (s instanceof Closed && !(next instanceof Closed)) {
      clearClosedMark(s.version);
    }
    if (!STATE.compareAndSet(this, s, next)) {
      return false;
    }
    if (next instanceof Closed) {
      setClosedMark(next.version);
    }
    return true;
  }

  /** Before leaving the CLOSED state {@code version}. */
  void clearClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & ~1) - version > 0 || mark == version) {
        return; // a later state was marked (so leaving {@code version} will fail), or cleared
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version)) {
        return;
      }
    }
  }

  /** After entering (or staying in) the CLOSED state {@code version}. */
  void setClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & 1) != 0 || version - (mark & ~1) <= 0) {
        return; // already set for a CLOSED state still current, or a later one was seen
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version | 1)) {
        return;
      }
    }
  }

  // ---- timed moves: the reads that apply what is due ----

  /**
   * The wait before a call may be admitted, now (after any due move); 0 once removed. With no move
   * due it reads the state and the clock once, and changes nothing.
   */
  long retryAfterNanos() {
    State s = state;
    if (s instanceof Closed) {
      return 0;
    }
    long now = now();
    long due = s.nextDeadline();
    if (due == Nanos.NONE || now < due) {
      return s.retryAfterNanos(now);
    }
    Change c = run(Inputs.SETTLE, false);
    return c == null ? 0 : c.result.retryAfterNanos(c.now);
  }

  /** Applies timed moves (OPEN to HALF_OPEN, trial timeouts) and returns the state in force. */
  State settle() {
    State s = state;
    return s instanceof Closed ? s : run(Inputs.SETTLE, true).result;
  }

  /** For the sweeper and the wake-up timer: applies due moves; never throws once removed. */
  void sweep(long now) {
    long due = state.nextDeadline();
    if (due != Nanos.NONE && now >= due) {
      run(Inputs.SETTLE, false);
    }
  }

  /** For the scheduler's wake-up: applies the moves that are due; returns the next one's instant. */
  long wakeUp() {
    sweep(now());
    return state.nextDeadline();
  }
}
