package io.brama.stress;

import io.brama.BramaEvent;
import io.brama.Circuit;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import io.brama.Permit;
import io.brama.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * One connection of a shared {@link io.brama.Brama} under Lincheck: the operations of a concurrent
 * history, each a thin wrapper over the public API. Permits are held per thread ({@code tid} is
 * Lincheck's thread id), so "complete the permit I hold" is a per-thread operation, as in real code.
 *
 * <p>Time is an input, not a shared object: {@link #advance} moves the ManualClock only while no
 * other operation is running ({@link ClockGate}), so every operation sees one instant
 * from start to end. Events are delivered synchronously (Runnable::run) and checked after each
 * history by {@link #validateEvents()}: sequences contiguous, STATE_CHANGE chain unbroken (no
 * transition reported twice, OPEN->HALF_OPEN once per open period, stamped with the expiry),
 * FAILURE/SUCCESS before the STATE_CHANGE they cause, and one SUCCESS/FAILURE/REJECTED event per
 * reported outcome or refusal (none lost, none doubled).
 */
public abstract class CircuitLinTest {
  private final Fixture fixture;
  private final String id;
  private final Circuit circuit;
  private final Instant start;
  private final Subscription subscription;
  private final ConcurrentLinkedQueue<BramaEvent> events = new ConcurrentLinkedQueue<>();
  private final ClockGate time = new ClockGate();
  private final HeldPermit[] held = new HeldPermit[CircuitModel.SLOTS];
  private final AtomicInteger expectedSuccesses = new AtomicInteger();
  private final AtomicInteger expectedFailures = new AtomicInteger();
  private final AtomicInteger expectedRejections = new AtomicInteger();
  private final boolean withLastSuccess;
  private final boolean gateClock;

  /** A permit and whether this thread already completed it. */
  private static final class HeldPermit {
    final Permit permit;
    final String kind;
    boolean completed;

    HeldPermit(Permit permit, String kind) {
      this.permit = permit;
      this.kind = kind;
    }
  }

  protected CircuitLinTest(Fixture fixture, int halfOpenTrials, String... prefix) {
    this(fixture, halfOpenTrials, false, true, prefix);
  }

  /**
   * {@code withLastSuccess}: whether {@link #status()} shows lastSuccessAt. Brama keeps it outside
   * the snapshot, so a status can pair it with another moment's state (see
   * {@link LastSuccessAtTornReadLinTest}); the other tests leave it out to check everything else.
   * {@code gateClock}: whether {@link #advance} waits for the running operations (see
   * {@link LastSuccessAtGoesBackLinTest} for a history where it does not).
   */
  protected CircuitLinTest(Fixture fixture, int halfOpenTrials, boolean withLastSuccess,
      boolean gateClock, String... prefix) {
    this.withLastSuccess = withLastSuccess;
    this.gateClock = gateClock;
    this.fixture = fixture;
    this.id = fixture.nextId();
    this.start = fixture.clock.instant();
    this.subscription = fixture.subscribe(id, events::add);
    this.circuit = fixture.register(id, halfOpenTrials, this);
    for (String op : prefix) {
      apply(this, op);
    }
  }

  /** Runs one prefix operation, "name" or "name arg", on this wrapper or on a model. */
  static void apply(Object target, String op) {
    String[] p = op.split(" ");
    int arg = p.length > 1 ? Integer.parseInt(p[1]) : 0;
    if (target instanceof CircuitLinTest t) {
      switch (p[0]) {
        case "failure" -> t.failure(arg);
        case "success" -> t.success();
        case "acquire" -> t.acquire(arg);
        case "advance" -> t.advance(arg);
        default -> throw new IllegalArgumentException(op);
      }
    } else {
      CircuitModel m = (CircuitModel) target;
      switch (p[0]) {
        case "failure" -> m.failure(arg);
        case "success" -> m.success();
        case "acquire" -> m.acquire(arg);
        case "advance" -> m.advance(arg);
        default -> throw new IllegalArgumentException(op);
      }
    }
  }

  /** Ends this connection (called when the next history starts). */
  void dispose() {
    subscription.close();
    fixture.brama.unregister(id);
  }

  // ---- operations ----

  @Operation
  public boolean available() {
    time.enter();
    try {
      boolean ok = circuit.available();
      if (!ok) {
        expectedRejections.incrementAndGet();
      }
      return ok;
    } finally {
      time.exit();
    }
  }

  @Operation
  public String acquire(@Param(gen = ThreadIdGen.class) int tid) {
    time.enter();
    try {
      Permit p = circuit.tryAcquire();
      String kind = !p.granted() ? "refused"
          : p.getClass().getSimpleName().equals("TrialPermit") ? "trial" : "closed";
      if (!p.granted()) {
        expectedRejections.incrementAndGet();
      }
      held[tid] = new HeldPermit(p, kind);
      return kind;
    } finally {
      time.exit();
    }
  }

  @Operation
  public void permitSuccess(@Param(gen = ThreadIdGen.class) int tid) {
    complete(tid, 's');
  }

  @Operation
  public void permitFailure(@Param(gen = ThreadIdGen.class) int tid) {
    complete(tid, 'f');
  }

  @Operation
  public void permitIgnore(@Param(gen = ThreadIdGen.class) int tid) {
    complete(tid, 'i');
  }

  @Operation
  public void success() {
    time.enter();
    try {
      expectedSuccesses.incrementAndGet();
      circuit.success();
    } finally {
      time.exit();
    }
  }

  @Operation
  public void failure(@Param(gen = ThreadIdGen.class) int tid) {
    time.enter();
    try {
      expectedFailures.incrementAndGet();
      circuit.failure("n" + tid);
    } finally {
      time.exit();
    }
  }

  @Operation
  public String status() {
    time.enter();
    try {
      ConnectionStatus s = circuit.status();
      return describe(s.state().name(), s.failureCount(), s.consecutiveOpens(), ms(s.openedAt()),
          ms(s.halfOpensAt()), ms(s.lastFailureAt()), (String) s.lastFailureReason(),
          withLastSuccess ? ms(s.lastSuccessAt()) : null, s.activeTrials(),
          s.retryAfter().toMillis());
    } finally {
      time.exit();
    }
  }

  @Operation
  public void advance(@Param(gen = IntGen.class, conf = "1:4") int step) {
    if (!gateClock) {
      fixture.clock.advance(Duration.ofMillis(step * CircuitModel.STEP_MS));
      return;
    }
    time.enterAlone();
    try {
      fixture.clock.advance(Duration.ofMillis(step * CircuitModel.STEP_MS));
    } finally {
      time.exitAlone();
    }
  }

  private void complete(int tid, char how) {
    time.enter();
    try {
      HeldPermit h = held[tid];
      if (h == null) {
        return;
      }
      boolean counts = h.kind.equals("closed") || h.kind.equals("trial") && !h.completed;
      if (counts && how == 's') {
        expectedSuccesses.incrementAndGet();
      } else if (counts && how == 'f') {
        expectedFailures.incrementAndGet();
      }
      h.completed = true;
      switch (how) {
        case 's' -> h.permit.success();
        case 'f' -> h.permit.failure("p" + tid);
        default -> h.permit.ignore();
      }
    } finally {
      time.exit();
    }
  }

  private Long ms(Instant i) {
    return i == null ? null : Duration.between(start, i).toMillis();
  }

  /** The status as compared by Lincheck (times in ms since the history's start). */
  static String describe(String state, int failureCount, int opens, Long openedAt,
      Long halfOpensAt, Long lastFailureAt, String lastFailureReason, Long lastSuccessAt,
      int trials, long retryAfterMs) {
    return state + " failures=" + failureCount + " opens=" + opens + " openedAt=" + openedAt
        + " halfOpensAt=" + halfOpensAt + " lastFailure=" + lastFailureAt + "/"
        + lastFailureReason + " lastSuccess=" + lastSuccessAt + " trials=" + trials
        + " retryAfter=" + retryAfterMs;
  }

  // ---- the event log, checked after every history ----

  @Validate
  public void validateEvents() {
    CircuitState now = circuit.status().state(); // settles a due move first
    List<BramaEvent> log = new ArrayList<>(events);
    List<String> problems = EventChecks.check(log, now, fixture.perCallEvents, start,
        expectedSuccesses.get(), expectedFailures.get(), expectedRejections.get());
    if (!problems.isEmpty()) {
      StringBuilder b = new StringBuilder("event log of '" + id + "' breaks the rules:");
      problems.forEach(p -> b.append("\n  ").append(p));
      b.append("\nlog:");
      log.forEach(e -> b.append("\n  ").append(EventChecks.show(e, start)));
      throw new AssertionError(b.toString());
    }
  }

  static boolean isTimeout(BramaEvent e) {
    return e.type() == EventType.FAILURE && e.reason() instanceof String s
        && s.startsWith("half-open trial not completed");
  }
}
