package io.brama.model;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CheckedCallable;
import io.brama.Circuit;
import io.brama.CircuitOpenException;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.ErrorHandler;
import io.brama.EventType;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.UnknownConnectionException;
import io.brama.WindowStatus;
import io.brama.fixtures.TestBrama;
import io.brama.model.Op.Advance;
import io.brama.model.Op.Behaviour;
import io.brama.model.ReferenceModel.Conn;
import io.brama.model.ReferenceModel.Expect;
import io.brama.model.ReferenceModel.Kind;
import io.brama.model.ReferenceModel.MPermit;
import io.brama.model.ReferenceModel.Settings;
import io.brama.model.Specs.ConfigSpec;
import io.brama.model.Specs.Consecutive;
import io.brama.model.Specs.ModelStrategy;
import io.brama.model.Specs.RegSpec;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a sequence of {@link Op}s against a real {@link Brama} (ManualClock, events delivered
 * synchronously) and the {@link ReferenceModel}, comparing after every step: return values and
 * exceptions, the events received, the clock, and the status of every connection (or, in lazy mode,
 * of the connection the step touched, so that the other connections' timed transitions are left for
 * whichever operation looks first).
 */
final class Harness implements AutoCloseable {
  /** The sweeper must never act during a sequence. */
  static final Duration CLEANUP_INTERVAL = Duration.ofDays(3650);
  static final List<String> IDS = List.of("a", "b", "c");

  /** The per-sequence set-up. */
  record Globals(ConfigSpec config, RegSpec a, RegSpec b, Set<EventType> subscribed,
      boolean checkAll) {
    @Override
    public String toString() {
      return "globals " + config + ", a: " + a + ", b: " + b
          + (subscribed.size() == EventType.values().length ? "" : ", subscribed " + subscribed)
          + (checkAll ? ", status of all after each step" : ", lazy (status of the touched id)");
    }
  }

  /** A permit held by the test, in both worlds. */
  record Held(String label, Permit impl, MPermit model) {}

  private final ManualClock clock = new ManualClock();
  private final Brama brama;
  private final ReferenceModel model;
  private final List<BramaEvent> received = new ArrayList<>();
  private final boolean checkAll;
  private final Map<String, Circuit> handles = new HashMap<>();
  private final Map<String, Integer> handleIncarnation = new HashMap<>();
  private final List<Held> permits = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private int steps;

  Harness(Globals g) {
    ConfigSpec c = g.config();
    BramaConfig config = c.buildGlobal(c.strategy() == null ? null : c.strategy().impl(),
        CLEANUP_INTERVAL);
    BramaConfig d = BramaConfig.defaults();
    ModelStrategy strategy = c.strategy() != null ? c.strategy().model()
        : n -> Duration.ofSeconds(60);
    Settings globals = new Settings(
        c.policy() != null ? c.policy() : new Consecutive(d.maxAttempts()),
        strategy,
        c.halfOpenTrials() != null ? c.halfOpenTrials() : d.halfOpenTrials(),
        null, c.slowCall(), c.record() != null ? c.record() : List.of(),
        c.ignore() != null ? c.ignore() : List.of(), c.callTimeout());
    this.model = new ReferenceModel(clock.instant(), globals, g.subscribed());
    this.checkAll = g.checkAll();
    this.brama = TestBrama.direct(clock, config);
    EventFilter filter = g.subscribed().size() == EventType.values().length ? EventFilter.all()
        : EventFilter.of(g.subscribed().toArray(new EventType[0]));
    brama.subscribe(filter, received::add);
    log.add("set-up: " + g);
    register(new Op.Register("a", g.a(), false));
    register(new Op.Register("b", g.b(), false));
  }

  void run(List<Op> ops) {
    for (Op op : ops) {
      op.run(this);
    }
    new Op.Observe(null, Op.Look.STATUSES).run(this); // in the end, every connection looks
  }

  @Override
  public void close() {
    brama.close();
  }

  // ------------------------------------------------------------------ steps

  void register(Op.Register op) {
    ModelStrategy ms = null;
    io.brama.ExpiryStrategy is = null;
    if (op.reg().config().strategy() != null) {
      ms = op.reg().config().strategy().model();
      is = op.reg().config().strategy().impl();
    }
    ConnectionConfig cc = op.reg().config().build(is);
    Registration.Builder rb = Registration.builder().type(op.reg().type()).scope(op.reg().scope())
        .config(cc);
    if (op.reg().metadata()) {
      rb.metadata(Map.of("owner", "model-test"));
    }
    Registration reg = rb.build();
    ModelStrategy fms = ms;
    Result exp = Result.model(() -> model.register(op.id(), op.reg(), fms, op.ifAbsent()));
    Result act = Result.of(() -> op.ifAbsent() ? brama.registerIfAbsent(op.id(), reg)
        : brama.register(op.id(), reg));
    if (exp.error == null) {
      Conn c = (Conn) exp.value;
      // The first handle of an id is kept until circuit(id) is observed, so that handle steps
      // also use handles of an earlier registration of the id (which must all throw).
      if (act.value instanceof Circuit circuit && !handles.containsKey(op.id())) {
        handles.put(op.id(), circuit);
        handleIncarnation.put(op.id(), c.incarnation);
      }
      expectSame(op, exp, act, null);
    } else {
      expectSame(op, exp, act, null);
    }
    after(op, op.id(), "");
  }

  void unregister(Op.Unregister op) {
    Result exp = Result.model(() -> model.unregister(op.id()));
    Result act = Result.of(() -> brama.unregister(op.id()));
    expectSame(op, exp, act, exp.value);
    after(op, null, "");
  }

  void available(Op.Available op) {
    Circuit h = handle(op.id(), op.viaHandle());
    Result exp = Result.model(() -> conn(op.id(), op.viaHandle()).acquire().granted);
    Result act = Result.of(() -> h != null ? h.available() : brama.available(op.id()));
    expectSame(op, exp, act, exp.value);
    after(op, op.id(), " -> " + exp);
  }

  void probe(Op.Probe op) {
    Conn c = model.conns.get(op.id());
    if (c != null && c.state == io.brama.CircuitState.OPEN && c.halfOpensAt.isAfter(model.now)) {
      Duration by = Duration.between(model.now, c.halfOpensAt);
      clock.advance(by);
      model.advance(by);
    }
    tryAcquire(op.id(), false, op);
  }

  void tryAcquire(Op.TryAcquire op) {
    tryAcquire(op.id(), op.viaHandle(), op);
  }

  private void tryAcquire(String id, boolean viaHandle, Op op) {
    Circuit h = handle(id, viaHandle);
    Result exp = Result.model(() -> conn(id, viaHandle).acquire());
    Result act = Result.of(() -> h != null ? h.tryAcquire() : brama.tryAcquire(id));
    expectSame(op, exp, act, null);
    String note = "";
    if (exp.error == null) {
      MPermit mp = (MPermit) exp.value;
      Permit p = (Permit) act.value;
      String label = "p" + (permits.size() + 1);
      permits.add(new Held(label, p, mp));
      note = " -> " + label + " = " + mp;
      check(op, "permit.granted()", mp.granted, p.granted());
      check(op, "permit.retryAfter()", mp.granted ? Duration.ZERO : mp.conn.retryAfter(),
          p.retryAfter());
    }
    after(op, id, note);
  }

  void complete(Op.Complete op) {
    if (permits.isEmpty()) {
      after(op, null, " (no permit held: nothing to do)");
      return;
    }
    Held chosen = permits.get(permits.size() - 1 - op.back() % permits.size());
    if (op.atDeadline() != null) {
      ReferenceModel.covered("completion at a trial deadline asked for; a trial outstanding: "
          + permits.stream().anyMatch(h -> outstandingTrial(h.model())));
      // the newest trial permit still outstanding, if any
      for (int i = permits.size() - 1; i >= 0; i--) {
        if (outstandingTrial(permits.get(i).model())) {
          chosen = permits.get(i);
          break;
        }
      }
    }
    Held held = chosen;
    Permit p = held.impl();
    Duration e = op.elapsed();
    MPermit m = held.model();
    String moved = "";
    if (op.atDeadline() != null && outstandingTrial(m)) {
      Duration by = Duration.between(model.now, m.conn.deadline(m.slot).plus(op.atDeadline()));
      if (!by.isNegative()) {
        clock.advance(by);
        model.advance(by);
        moved = ", clock moved by " + by;
      }
    }
    if (m.trial() && !m.completed && !m.conn.gone && m.conn.state == io.brama.CircuitState.HALF_OPEN
        && m.conn.slots.contains(m.slot) && m.conn.deadline(m.slot).equals(model.now)) {
      ReferenceModel.covered("trial permit completed exactly at its deadline");
    }
    Result exp = Result.model(() -> {
      held.model().conn.complete(held.model(), op.kind(), op.reason(), e);
      return null;
    });
    Result act = Result.of(() -> {
      switch (op.kind()) {
        case SUCCESS -> {
          if (e == null) {
            p.success();
          } else {
            p.success(e);
          }
        }
        case FAILURE -> {
          if (e == null) {
            p.failure(op.reason());
          } else {
            p.failure(op.reason(), e);
          }
        }
        case IGNORE -> p.ignore();
      }
      return null;
    });
    expectSame(op, exp, act, null);
    after(op, held.model().conn.gone ? null : held.model().conn.id,
        " -> " + held.label() + " (" + held.model() + ")" + moved);
  }

  private static boolean outstandingTrial(MPermit m) {
    return m.trial() && !m.completed && !m.conn.gone && m.generation == m.conn.generation
        && m.conn.slots.contains(m.slot);
  }

  void askRetryAfter(Op.AskRetryAfter op) {
    if (permits.isEmpty()) {
      after(op, null, " (no permit held: nothing to do)");
      return;
    }
    Held held = permits.get(permits.size() - 1 - op.back() % permits.size());
    MPermit mp = held.model();
    Duration expected;
    if (mp.granted) {
      expected = Duration.ZERO;
    } else {
      // "the time until the gate may admit a call, measured now": the connection's current wait,
      // after any due move (like status()); zero once the connection is gone.
      if (mp.conn.gone) {
        expected = Duration.ZERO;
      } else {
        mp.conn.catchUp();
        Duration left = mp.conn.retryAfter();
        expected = left.isNegative() ? Duration.ZERO : left;
      }
    }
    check(op, held.label() + ".retryAfter()", expected, held.impl().retryAfter());
    after(op, mp.conn.gone ? null : mp.conn.id, " -> " + held.label() + " (" + mp + "): " + expected);
  }

  void report(Op.Report op) {
    Circuit h = handle(op.id(), op.viaHandle());
    Object reason = op.withReason() ? op.reason() : null;
    Result exp = Result.model(() -> {
      conn(op.id(), op.viaHandle()).reportByName(op.kind(), reason);
      return null;
    });
    Result act = Result.of(() -> {
      if (op.kind() == Kind.SUCCESS) {
        if (h != null) {
          h.success();
        } else {
          brama.success(op.id());
        }
      } else if (h != null) {
        if (op.withReason()) {
          h.failure(op.reason());
        } else {
          h.failure();
        }
      } else if (op.withReason()) {
        brama.failure(op.id(), op.reason());
      } else {
        brama.failure(op.id());
      }
      return null;
    });
    expectSame(op, exp, act, null);
    after(op, op.id(), "");
  }

  void configure(Op.Configure op) {
    ConfigSpec spec = op.config();
    ModelStrategy ms = spec.strategy() == null ? null : spec.strategy().model();
    ConnectionConfig cc = spec.build(spec.strategy() == null ? null : spec.strategy().impl());
    Result exp = Result.model(() -> {
      model.require(op.id()).configure(spec, ms, cc);
      return null;
    });
    Result act = Result.of(() -> {
      brama.configure(op.id(), cc);
      return null;
    });
    expectSame(op, exp, act, null);
    after(op, op.id(), "");
  }

  void open(Op.Open op) {
    Result exp = Result.model(() -> {
      model.require(op.id()).open(op.reason(), op.duration());
      return null;
    });
    Result act = Result.of(() -> {
      if (op.duration() != null) {
        brama.open(op.id(), op.reason(), op.duration());
      } else if (op.withReason()) {
        brama.open(op.id(), op.reason());
      } else {
        brama.open(op.id());
      }
      return null;
    });
    expectSame(op, exp, act, null);
    after(op, op.id(), "");
  }

  void reset(Op.Reset op) {
    Result exp = Result.model(() -> {
      model.require(op.id()).reset(op.withReason() ? op.reason() : null);
      return null;
    });
    Result act = Result.of(() -> {
      if (op.withReason()) {
        brama.reset(op.id(), op.reason());
      } else {
        brama.reset(op.id());
      }
      return null;
    });
    expectSame(op, exp, act, null);
    after(op, op.id(), "");
  }

  void advance(Advance op) {
    Duration amount = switch (op.target()) {
      case BY -> op.amount();
      case TO_EXPIRY, TO_TRIAL_DEADLINE, TO_NEWEST_PERMIT_DEADLINE -> {
        Conn c = op.id() == null ? null : model.conns.get(op.id());
        Instant target = null;
        if (op.target() == Op.AdvanceTarget.TO_NEWEST_PERMIT_DEADLINE && !permits.isEmpty()) {
          MPermit m = permits.get(permits.size() - 1).model();
          if (m.trial() && !m.completed && !m.conn.gone && m.conn.slots.contains(m.slot)
              && m.generation == m.conn.generation) {
            target = m.conn.deadline(m.slot);
          }
        }
        if (c != null && op.target() == Op.AdvanceTarget.TO_EXPIRY && c.halfOpensAt != null) {
          target = c.halfOpensAt;
        } else if (c != null && op.target() == Op.AdvanceTarget.TO_TRIAL_DEADLINE
            && c.state == io.brama.CircuitState.HALF_OPEN && !c.slots.isEmpty()) {
          target = c.deadline(c.slots.get(0));
        }
        if (target == null) {
          yield Duration.ZERO;
        }
        Duration dd = Duration.between(model.now, target.plus(op.offset()));
        yield dd.isNegative() ? Duration.ZERO : dd;
      }
    };
    clock.advance(amount);
    model.advance(amount);
    after(op, null, " -> by " + amount + ", now " + model.now);
  }

  void observe(Op.Observe op) {
    switch (op.look()) {
      case STATUS -> {
        Result exp = Result.model(() -> model.require(op.id()).status());
        Result act = Result.of(() -> brama.status(op.id()));
        expectSame(op, exp, act, null);
        if (exp.error == null) {
          compareStatus(op, (ConnectionStatus) exp.value, (ConnectionStatus) act.value);
        }
      }
      case HANDLE_STATUS -> {
        Circuit h = handle(op.id(), true);
        Result exp = Result.model(() -> conn(op.id(), true).status());
        Result act = Result.of(() -> h != null ? h.status() : brama.status(op.id()));
        expectSame(op, exp, act, null);
        if (exp.error == null) {
          compareStatus(op, (ConnectionStatus) exp.value, (ConnectionStatus) act.value);
        }
      }
      case STATE -> {
        Circuit h = handle(op.id(), true);
        Result exp = Result.model(() -> conn(op.id(), true).state());
        Result act = Result.of(() -> h != null ? h.state() : brama.status(op.id()).state());
        expectSame(op, exp, act, exp.value);
      }
      case STATUSES -> {
        List<ConnectionStatus> exp = model.conns.values().stream().map(Conn::status).toList();
        List<ConnectionStatus> act = brama.statuses();
        check(op, "statuses ids", exp.stream().map(ConnectionStatus::id).toList(),
            act.stream().map(ConnectionStatus::id).toList());
        for (int i = 0; i < exp.size(); i++) {
          compareStatus(op, exp.get(i), act.get(i));
        }
      }
      case IS_REGISTERED -> check(op, "isRegistered", model.conns.containsKey(op.id()),
          brama.isRegistered(op.id()));
      case CIRCUIT -> {
        Result exp = Result.model(() -> model.require(op.id()));
        Result act = Result.of(() -> brama.circuit(op.id()));
        expectSame(op, exp, act, null);
        if (exp.error == null) {
          handles.put(op.id(), (Circuit) act.value);
          handleIncarnation.put(op.id(), ((Conn) exp.value).incarnation);
          Circuit c = (Circuit) act.value;
          check(op, "circuit id/type/scope", List.of(op.id(), String.valueOf(((Conn) exp.value).type),
              String.valueOf(((Conn) exp.value).scope)),
              List.of(c.id(), String.valueOf(c.type()), String.valueOf(c.scope())));
        }
      }
    }
    after(op, op.look() == Op.Look.STATUSES || op.look() == Op.Look.IS_REGISTERED ? null : op.id(),
        "");
  }

  void call(Op.Call op) {
    Op.Route route = op.route();
    Circuit h = route == Op.Route.HANDLE ? handles.get(op.id()) : null;
    boolean viaHandle = route == Op.Route.HANDLE;
    Exception thrown = switch (op.behaviour()) {
      case RETURN -> null;
      case THROW_IAE -> new IllegalArgumentException("bad argument (test)");
      case THROW_ISE -> new IllegalStateException("bad state (test)");
      case THROW_IO -> new IOException("io (test)");
    };
    Object returned = route == Op.Route.RUN ? null : "ok";
    RuntimeException handlerError = new UnsupportedOperationException("handler failed (test)");
    ErrorHandler handler = switch (route) {
      case HANDLER_IGNORE -> (r, e) -> Outcome.ignore();
      case HANDLER_THROWS -> (r, e) -> {
        throw handlerError;
      };
      case HANDLER_NULL -> (r, e) -> null;
      case HANDLER_FLIP -> (r, e) -> e != null ? Outcome.success() : Outcome.failure("returned " + r);
      default -> null;
    };
    Result exp = Result.model(() -> {
      Conn c = conn(op.id(), viaHandle);
      MPermit p = c.acquire();
      if (!p.granted) {
        if (route == Op.Route.FALLBACK) {
          return "fallback";
        }
        throw new ExpectOpen(c.retryAfter());
      }
      model.advance(op.inside());
      Kind kind;
      Object reason = thrown;
      switch (route) {
        case HANDLER_IGNORE -> kind = Kind.IGNORE;
        case HANDLER_THROWS -> {
          kind = Kind.FAILURE;
          reason = handlerError;
        }
        case HANDLER_NULL -> {
          kind = Kind.FAILURE;
          reason = new AnyInstanceOf(NullPointerException.class);
        }
        case HANDLER_FLIP -> {
          kind = thrown != null ? Kind.SUCCESS : Kind.FAILURE;
          reason = thrown != null ? null : "returned " + returned;
        }
        default -> kind = classify(c.settings, thrown);
      }
      c.complete(p, kind, kind == Kind.FAILURE ? reason : null, op.inside());
      if (thrown != null) {
        throw new ExpectThrown(thrown);
      }
      return returned;
    });
    CheckedCallable<String, Exception> action = () -> {
      clock.advance(op.inside());
      if (thrown != null) {
        throw thrown;
      }
      return "ok";
    };
    Result act = Result.of(() -> {
      try {
        return switch (route) {
          case CALL -> brama.call(op.id(), action);
          case HANDLE -> h != null ? h.call(action) : brama.call(op.id(), action);
          case RUN -> {
            brama.run(op.id(), () -> action.call());
            yield null;
          }
          case FALLBACK -> brama.call(op.id(), action, e -> "fallback");
          default -> brama.call(op.id(), handler, action);
        };
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new Wrapped(e);
      }
    });
    String note;
    if (exp.error instanceof ExpectOpen eo) {
      note = " -> rejected, retryAfter " + eo.retryAfter;
      if (!(act.error instanceof CircuitOpenException coe)) {
        throw fail(op, "expected CircuitOpenException(retryAfter " + eo.retryAfter + "), got "
            + act);
      }
      check(op, "CircuitOpenException.connection()", op.id(), coe.connection());
      check(op, "CircuitOpenException.retryAfter()", eo.retryAfter, coe.retryAfter());
    } else if (exp.error instanceof ExpectThrown et) {
      note = " -> threw " + et.thrown;
      Throwable a = act.error instanceof Wrapped w ? w.getCause() : act.error;
      if (a != et.thrown) {
        throw fail(op, "expected the action's own exception " + et.thrown + ", got " + act);
      }
    } else {
      note = exp.error == null ? " -> returned " + exp.value : "";
      expectSame(op, exp, act, null);
      check(op, "call's result", exp.value, act.value);
    }
    after(op, op.id(), note);
  }

  /** An expected reason that the implementation creates itself: any instance of the type. */
  record AnyInstanceOf(Class<?> type) {
    @Override
    public String toString() {
      return "any " + type.getSimpleName();
    }
  }

  /** Equal, or an {@link AnyInstanceOf} matched by an instance. */
  static boolean same(Object expected, Object actual) {
    if (expected instanceof AnyInstanceOf any) {
      return any.type().isInstance(actual);
    }
    return Objects.equals(expected, actual);
  }

  static boolean same(BramaEvent e, BramaEvent a) {
    if (e == null || a == null) {
      return e == a;
    }
    return e.type() == a.type() && e.connection().equals(a.connection())
        && Objects.equals(e.connectionType(), a.connectionType())
        && Objects.equals(e.scope(), a.scope()) && e.timestamp().equals(a.timestamp())
        && e.sequence() == a.sequence() && e.previousState() == a.previousState()
        && e.newState() == a.newState() && same(e.reason(), a.reason());
  }

  /** The default error handler's exception rules (README, "Failure policies"). */
  static Kind classify(Settings s, Throwable error) {
    if (error == null) {
      return Kind.SUCCESS;
    }
    if (s.ignore().stream().anyMatch(t -> t.isInstance(error))) {
      return Kind.IGNORE;
    }
    if (!s.record().isEmpty()) {
      return s.record().stream().anyMatch(t -> t.isInstance(error)) ? Kind.FAILURE : Kind.SUCCESS;
    }
    return Kind.FAILURE;
  }

  // ------------------------------------------------------------------ helpers

  /** The handle to use, or null to go through the Brama by name. */
  private Circuit handle(String id, boolean viaHandle) {
    return viaHandle ? handles.get(id) : null;
  }

  /** The model connection behind a by-name or handle operation. */
  private Conn conn(String id, boolean viaHandle) {
    if (viaHandle && handles.containsKey(id)) {
      Conn c = model.conns.get(id);
      if (c == null || c.incarnation != handleIncarnation.get(id)) {
        ReferenceModel.covered("stale handle" + (c == null ? "" : " of an earlier registration"));
        throw new Expect(UnknownConnectionException.class, "stale handle of " + id);
      }
      return c;
    }
    return model.require(id);
  }

  /** After each step: events, clock, registry and statuses. */
  private void after(Op op, String touched, String note) {
    model.armAll();
    steps++;
    log.add(String.format("%2d. %s%s", steps, op, note));
    check(op, "clock", model.now, clock.instant());
    for (String id : IDS) {
      check(op, "isRegistered(" + id + ")", model.conns.containsKey(id), brama.isRegistered(id));
    }
    List<String> ids = checkAll ? List.copyOf(model.conns.keySet())
        : touched != null && model.conns.containsKey(touched) ? List.of(touched) : List.of();
    for (String id : ids) {
      compareStatus(op, model.conns.get(id).status(), brama.status(id));
    }
    compareEvents(op);
  }

  /**
   * Compares each connection's events in order. Across connections the order is not specified: the
   * timers that one clock step makes due run earliest first, and equal instants in arming order.
   */
  private void compareEvents(Op op) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    model.events.forEach(e -> ids.add(e.connection()));
    received.forEach(e -> ids.add(e.connection()));
    for (String id : ids) {
      List<BramaEvent> exp = model.events.stream().filter(e -> e.connection().equals(id)).toList();
      List<BramaEvent> act = received.stream().filter(e -> e.connection().equals(id)).toList();
      int n = Math.max(exp.size(), act.size());
      for (int i = 0; i < n; i++) {
        BramaEvent e = i < exp.size() ? exp.get(i) : null;
        BramaEvent a = i < act.size() ? act.get(i) : null;
        if (!same(e, a)) {
          StringBuilder sb = new StringBuilder("events of " + id + " differ from #" + (i + 1) + ":");
          for (int j = i; j < n; j++) {
            sb.append("\n    expected ").append(j < exp.size() ? show(exp.get(j)) : "(nothing)");
            sb.append("\n    actual   ").append(j < act.size() ? show(act.get(j)) : "(nothing)");
          }
          throw fail(op, sb.toString());
        }
      }
    }
  }

  static String show(BramaEvent e) {
    return e.type() + " " + e.connection() + " seq " + e.sequence() + " @" + e.timestamp() + " "
        + (e.previousState() == null ? "" : e.previousState() + "->") + e.newState()
        + (e.reason() == null ? "" : " reason=" + e.reason())
        + (e.connectionType() == null ? "" : " type=" + e.connectionType())
        + (e.scope() == null ? "" : " scope=" + e.scope());
  }

  private void compareStatus(Op op, ConnectionStatus e, ConnectionStatus a) {
    List<String> diffs = new ArrayList<>();
    diff(diffs, "id", e.id(), a.id());
    diff(diffs, "type", e.type(), a.type());
    diff(diffs, "scope", e.scope(), a.scope());
    diff(diffs, "metadata", e.metadata(), a.metadata());
    diff(diffs, "state", e.state(), a.state());
    diff(diffs, "failureCount", e.failureCount(), a.failureCount());
    diff(diffs, "maxAttempts", e.maxAttempts(), a.maxAttempts());
    diff(diffs, "consecutiveOpens", e.consecutiveOpens(), a.consecutiveOpens());
    diff(diffs, "openedAt", e.openedAt(), a.openedAt());
    diff(diffs, "halfOpensAt", e.halfOpensAt(), a.halfOpensAt());
    diff(diffs, "lastSuccessAt", e.lastSuccessAt(), a.lastSuccessAt());
    diff(diffs, "lastFailureAt", e.lastFailureAt(), a.lastFailureAt());
    if (!same(e.lastFailureReason(), a.lastFailureReason())) {
      diffs.add("lastFailureReason: expected " + e.lastFailureReason() + ", actual "
          + a.lastFailureReason());
    }
    diff(diffs, "activeTrials", e.activeTrials(), a.activeTrials());
    diff(diffs, "retryAfter", e.retryAfter(), a.retryAfter());
    if (!windowsEqual(e.window(), a.window())) {
      diffs.add("window: expected " + e.window() + ", actual " + a.window());
    }
    if (!diffs.isEmpty()) {
      throw fail(op, "status(" + e.id() + ") differs: " + String.join("; ", diffs));
    }
  }

  private static boolean windowsEqual(WindowStatus e, WindowStatus a) {
    if (e == null || a == null) {
      return e == a;
    }
    return e.calls() == a.calls() && e.failures() == a.failures() && e.slowCalls() == a.slowCalls()
        && Math.abs(e.failureRatePercent() - a.failureRatePercent()) < 1e-9
        && Math.abs(e.slowCallRatePercent() - a.slowCallRatePercent()) < 1e-9;
  }

  private static void diff(List<String> diffs, String field, Object e, Object a) {
    if (!Objects.equals(e, a)) {
      diffs.add(field + ": expected " + e + ", actual " + a);
    }
  }

  private void check(Op op, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw fail(op, what + ": expected " + expected + ", actual " + actual);
    }
  }

  /** Same outcome: both returned (equal values when {@code value} is given) or the same exception. */
  private void expectSame(Op op, Result exp, Result act, Object value) {
    if (exp.error != null) {
      Expect x = (Expect) exp.error;
      if (act.error == null || !x.type.isInstance(act.error)) {
        throw fail(op, "expected " + x.type.getSimpleName() + " (" + x.getMessage() + "), got "
            + act);
      }
      return;
    }
    if (act.error != null) {
      AssertionError ae = fail(op, "expected no exception, got " + act.error);
      ae.initCause(act.error);
      throw ae;
    }
    if (value != null && !value.equals(act.value)) {
      throw fail(op, "expected " + value + ", got " + act.value);
    }
  }

  private AssertionError fail(Op op, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append("at ").append(op).append(": ").append(message).append("\n  model: ");
    model.conns.values().forEach(c -> sb.append("\n    ").append(c.describe()));
    sb.append("\n  run so far:");
    log.forEach(l -> sb.append("\n    ").append(l));
    return new AssertionError(sb.toString());
  }

  /** A step's outcome: a value or an exception. */
  record Result(Object value, Throwable error) {
    /** Runs the implementation: any exception is an outcome to compare. */
    static Result of(Supplier<?> s) {
      try {
        return new Result(s.get(), null);
      } catch (RuntimeException e) {
        return new Result(null, e);
      }
    }

    /** Runs the model: only {@link Expect} is an outcome; anything else is a bug in the test. */
    static Result model(Supplier<?> s) {
      try {
        return new Result(s.get(), null);
      } catch (Expect e) {
        return new Result(null, e);
      }
    }

    @Override
    public String toString() {
      return error != null ? "exception " + error : "returned " + value;
    }
  }

  /** The model says: CircuitOpenException with this retryAfter. */
  static final class ExpectOpen extends Expect {
    final Duration retryAfter;

    ExpectOpen(Duration retryAfter) {
      super(CircuitOpenException.class, "rejected");
      this.retryAfter = retryAfter;
    }
  }

  /** The model says: the action's own exception comes out. */
  static final class ExpectThrown extends Expect {
    final Exception thrown;

    ExpectThrown(Exception thrown) {
      super(Exception.class, "the action's exception");
      this.thrown = thrown;
    }
  }

  /** A checked exception from call, carried out of a Supplier. */
  static final class Wrapped extends RuntimeException {
    Wrapped(Exception e) {
      super(e);
    }
  }
}
