package io.brama.stress;

import static io.brama.stress.StressKit.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.Circuit;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.ErrorHandler;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.Subscription;
import io.brama.WindowStatus;
import io.brama.stress.StressKit.EventChecker;
import io.brama.stress.StressKit.PinnedRecording;
import io.brama.stress.StressKit.ThreadKind;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5, part 4: real threads (platform, and virtual on JDK 21+) hammer one connection and many
 * connections for a bounded time; then the invariants are checked: exact counts, trial permits never
 * above {@code halfOpenTrials} (sampled while running), one STATE_CHANGE per transition and every
 * connection's events in strictly consecutive sequence order, no HALF_OPEN that a later clock cannot
 * settle, and on JDK 21+ no {@code jdk.VirtualThreadPinned} event in a JFR recording of the
 * virtual-thread run.
 *
 * <p>Seed: {@code -Dbrama.stress.seed=...} replays the workers' random choices (thread interleavings
 * differ, of course). Run lengths scale with {@code -Dbrama.stress.scale=2.0}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StressTest {
  private static final int WORKERS = 10;
  private static final double SCALE = Double.parseDouble(System.getProperty("brama.stress.scale",
      "1"));
  private static final Duration COUNT_RUN = millis(700);
  private static final Duration LIFECYCLE_RUN = millis(1200);
  private static final Duration WARM_UP = millis(150);
  /** Caps each worker's operations, so that a fast machine cannot wrap a 1,000,000-call window. */
  private static final int MAX_OPS = 90_000;
  /** How long the events of a run may take to arrive. */
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final long SEED = Long.getLong("brama.stress.seed", System.nanoTime());

  /** The failures the actions throw: no stack trace, so throwing costs little. */
  private static final RuntimeException BOOM = new RuntimeException("boom", null, false, false) {
    private static final long serialVersionUID = 1L;
  };
  private static final ErrorHandler IGNORE_ALL = (result, error) -> Outcome.ignore();

  private static Duration millis(long base) {
    return Duration.ofMillis(Math.round(base * SCALE));
  }

  // ---------------------------------------------------------------------------------------------
  // Exact counts
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void consecutiveFailureCountsAreExactOnOneAndManyConnections(ThreadKind kind) throws Exception {
    kind.assumeAvailable();
    onVirtualThreadsAlsoCheckPinning(kind, d -> exactFailureCounts(kind, d), COUNT_RUN);
  }

  /**
   * With maxAttempts = Integer.MAX_VALUE nothing opens: every failure, however reported, adds one
   * to failureCount and emits one FAILURE event, and a reader never sees the count go down.
   */
  private void exactFailureCounts(ThreadKind kind, Duration duration) throws Exception {
    ManualClock clock = new ManualClock();
    List<String> ids = ids("hot", 32);
    ConnectionConfig marker = ConnectionConfig.builder().build();
    EventChecker checker = new EventChecker(ids, marker);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicLongArray reported = new AtomicLongArray(ids.size());
    try (Brama brama = Brama.builder().clock(clock).eventQueueCapacity(Integer.MAX_VALUE)
        .config(BramaConfig.builder().maxAttempts(Integer.MAX_VALUE)
            .expiry(Duration.ofMinutes(1)).build())
        .build()) {
      Subscription all = brama.subscribe(checker);
      List<Circuit> circuits = new ArrayList<>();
      for (String id : ids) {
        circuits.add(brama.register(id));
      }
      StressKit.hammer(kind, WORKERS + 1, duration, SEED, (index, rnd, go) -> {
        if (index == WORKERS) { // the reader
          int last = 0;
          while (go.getAsBoolean()) {
            int now = circuits.get(0).status().failureCount();
            if (now < last) {
              violation(violations, "hot: failureCount went down from " + last + " to " + now);
            }
            last = now;
            Thread.yield();
          }
          return;
        }
        long[] mine = new long[ids.size()];
        for (int ops = 0; ops < MAX_OPS && go.getAsBoolean(); ops++) {
          int c = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(ids.size() - 1);
          if (reportFailure(brama, circuits.get(c), rnd, violations)) {
            mine[c]++;
          }
          if ((ops & 31) == 0) {
            Thread.yield(); // lets the virtual threads take turns on the carriers
          }
        }
        for (int c = 0; c < mine.length; c++) {
          reported.addAndGet(c, mine[c]);
        }
      });

      assertThat(violations).as("seen while running (seed %d)", SEED).isEmpty();
      System.out.printf("failure counts %s, %s: %d failures reported%n", kind, duration,
          sum(reported));
      assertThat(reported.get(0)).as("failures reported on the hot connection").isPositive();
      for (int c = 0; c < ids.size(); c++) {
        ConnectionStatus s = circuits.get(c).status();
        assertThat(s.state()).as(ids.get(c)).isEqualTo(CircuitState.CLOSED);
        assertThat((long) s.failureCount()).as("%s: failureCount = failures reported", ids.get(c))
            .isEqualTo(reported.get(c));
        if (reported.get(c) > 0) {
          assertThat(s.lastFailureAt()).isEqualTo(clock.instant());
        }
      }
      awaitMarkers(brama, ids, marker, checker);
      assertThat(checker.violations).as("event stream (seed %d)", SEED).isEmpty();
      for (int c = 0; c < ids.size(); c++) {
        EventChecker.Track t = checker.track(ids.get(c));
        assertThat(t.count(EventType.FAILURE)).as("%s: FAILURE events", ids.get(c))
            .isEqualTo(reported.get(c));
        assertThat(t.sequence).as("%s: REGISTERED, the FAILUREs, the marker", ids.get(c))
            .isEqualTo(reported.get(c) + 2);
        assertThat(t.stateChanges + t.count(EventType.SUCCESS) + t.count(EventType.REJECTED))
            .isZero();
      }
      assertThat(all.droppedEvents()).isZero();
    }
  }

  /** One operation that reports exactly one failure (true), or one that reports none (false). */
  private static boolean reportFailure(Brama brama, Circuit circuit, SplittableRandom rnd,
      Queue<String> violations) {
    String id = circuit.id();
    switch (rnd.nextInt(13)) {
      case 0 -> brama.failure(id, "by name");
      case 1 -> brama.failure(id);
      case 2 -> circuit.failure("by handle");
      case 3 -> circuit.failure();
      case 4 -> granted(circuit.tryAcquire(), violations).failure("by permit");
      case 5 -> granted(brama.tryAcquire(id), violations).failure("slow", Duration.ofMinutes(5));
      case 6 -> {
        if (!brama.available(id)) {
          violation(violations, id + ": available() false on a CLOSED circuit");
          return false;
        }
        brama.failure(id, "after available");
      }
      case 7 -> {
        try {
          brama.call(id, () -> {
            throw BOOM;
          });
          violation(violations, "call did not rethrow");
        } catch (RuntimeException e) {
          expectBoom(e, violations);
        }
      }
      case 8 -> {
        try {
          brama.run(id, () -> {
            throw BOOM;
          });
          violation(violations, "run did not rethrow");
        } catch (RuntimeException e) {
          expectBoom(e, violations);
        }
      }
      case 9 -> {
        CompletableFuture<Object> f = brama.callAsync(id, () -> CompletableFuture.failedFuture(BOOM));
        if (!f.isCompletedExceptionally()) {
          violation(violations, "callAsync of a failed stage is not failed on return: " + f);
        }
      }
      case 10 -> {
        try {
          circuit.call(() -> {
            throw BOOM;
          });
        } catch (RuntimeException e) {
          expectBoom(e, violations);
        }
      }
      case 11 -> { // reports nothing: an ignored call, an ignored permit, a read
        brama.call(id, IGNORE_ALL, () -> "ignored");
        circuit.tryAcquire().ignore();
        if (circuit.status().state() != CircuitState.CLOSED) {
          violation(violations, id + " left CLOSED");
        }
        return false;
      }
      default -> { // reports nothing: a cancelled stage is ignored
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> f = brama.callAsync(id, () -> stage);
        stage.cancel(false);
        if (!f.isCancelled() && !f.isCompletedExceptionally()) {
          violation(violations, "callAsync of a cancelled stage did not complete: " + f);
        }
        return false;
      }
    }
    return true;
  }

  private static Permit granted(Permit p, Queue<String> violations) {
    if (!p.granted()) {
      violation(violations, "a permit refused on a CLOSED circuit: " + p);
    }
    return p;
  }

  private static void expectBoom(RuntimeException e, Queue<String> violations) {
    if (e != BOOM) {
      violation(violations, "expected the action's own exception, got " + e);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void rateWindowCountsAreExactWhenTheWindowDoesNotWrap(ThreadKind kind) throws Exception {
    kind.assumeAvailable();
    onVirtualThreadsAlsoCheckPinning(kind, d -> exactWindowCounts(kind, d), COUNT_RUN);
  }

  /**
   * Count windows of 1,000,000 calls (never reached: at most 10 x 90,000 calls) and a one-hour
   * timed window on a clock that does not move, thresholds that cannot be reached: every recorded
   * call, failure and slow call is in the window exactly once; ignored calls are in it nowhere.
   * No per-call subscription, so the lock-free success path is the one exercised.
   */
  private void exactWindowCounts(ThreadKind kind, Duration duration) throws Exception {
    ManualClock clock = new ManualClock();
    List<String> ids = ids("count-hot", 16);
    ids.add(1, "timed-hot");
    ConnectionConfig marker = ConnectionConfig.builder().build();
    EventChecker checker = new EventChecker(ids, marker);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    int n = ids.size();
    AtomicLongArray calls = new AtomicLongArray(n);
    AtomicLongArray failures = new AtomicLongArray(n);
    AtomicLongArray slow = new AtomicLongArray(n);
    try (Brama brama = Brama.builder().clock(clock).eventQueueCapacity(Integer.MAX_VALUE).build()) {
      Subscription sub = brama.subscribe(EventFilter.of(EventType.REGISTERED,
          EventType.STATE_CHANGE, EventType.CONFIGURED), checker);
      List<Circuit> circuits = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        String id = ids.get(c);
        FailurePolicy policy = c % 2 == 1 // timed-hot and every other one of the many
            ? FailurePolicy.timedRate(100, Duration.ofHours(1), Integer.MAX_VALUE)
            : FailurePolicy.rate(100, 1_000_000, 1_000_000);
        circuits.add(brama.register(id, Registration.builder().config(ConnectionConfig.builder()
            .failurePolicy(policy).slowCall(Duration.ofSeconds(1), 100).build()).build()));
      }
      StressKit.hammer(kind, WORKERS, duration, SEED, (index, rnd, go) -> {
        long[][] mine = new long[3][n];
        for (int ops = 0; ops < MAX_OPS && go.getAsBoolean(); ops++) {
          int c = rnd.nextInt(4) != 0 ? rnd.nextInt(2) : 2 + rnd.nextInt(n - 2);
          int recorded = recordCall(brama, circuits.get(c), rnd, violations);
          if (recorded != NOTHING) {
            mine[0][c]++;
            if ((recorded & FAILED) != 0) {
              mine[1][c]++;
            }
            if ((recorded & SLOW) != 0) {
              mine[2][c]++;
            }
          }
          if ((ops & 31) == 0) {
            Thread.yield();
          }
        }
        for (int c = 0; c < n; c++) {
          calls.addAndGet(c, mine[0][c]);
          failures.addAndGet(c, mine[1][c]);
          slow.addAndGet(c, mine[2][c]);
        }
      });

      assertThat(violations).as("seen while running (seed %d)", SEED).isEmpty();
      System.out.printf("window counts %s, %s: %d calls recorded%n", kind, duration, sum(calls));
      for (int c = 0; c < n; c++) {
        ConnectionStatus s = circuits.get(c).status();
        String id = ids.get(c);
        assertThat(calls.get(c)).as("%s: calls", id).isLessThan(1_000_000);
        assertThat(s.state()).as(id).isEqualTo(CircuitState.CLOSED);
        assertThat(s.failureCount()).as(id).isZero();
        assertThat(s.maxAttempts()).as(id).isZero();
        WindowStatus w = s.window();
        assertThat(w).as(id).isNotNull();
        assertThat(new long[] {w.calls(), w.failures(), w.slowCalls()})
            .as("%s: window calls, failures, slow calls = those recorded", id)
            .containsExactly(calls.get(c), failures.get(c), slow.get(c));
        if (w.calls() > 0) {
          assertThat(w.failureRatePercent()).as(id)
              .isCloseTo(100.0 * failures.get(c) / calls.get(c), org.assertj.core.data.Offset
                  .offset(1e-9));
        }
      }
      awaitMarkers(brama, ids, marker, checker);
      assertThat(checker.violations).as("event stream (seed %d)", SEED).isEmpty();
      for (String id : ids) {
        assertThat(checker.track(id).stateChanges).as("%s: nothing opened", id).isZero();
      }
      assertThat(sub.droppedEvents()).isZero();
    }
  }

  private static final int NOTHING = -1;
  private static final int FAILED = 1;
  private static final int SLOW = 2;

  /** One call through some API: NOTHING if nothing is recorded, else 0 | FAILED | SLOW. */
  private static int recordCall(Brama brama, Circuit circuit, SplittableRandom rnd,
      Queue<String> violations) {
    String id = circuit.id();
    switch (rnd.nextInt(12)) {
      case 0 -> brama.success(id);
      case 1 -> circuit.success();
      case 2 -> granted(circuit.tryAcquire(), violations).success();
      case 3 -> {
        granted(brama.tryAcquire(id), violations).success(Duration.ofSeconds(2));
        return SLOW;
      }
      case 4 -> granted(circuit.tryAcquire(), violations).success(Duration.ofSeconds(1)); // = threshold
      case 5 -> {
        granted(circuit.tryAcquire(), violations).failure("permit");
        return FAILED;
      }
      case 6 -> {
        granted(circuit.tryAcquire(), violations).failure("slow", Duration.ofSeconds(3));
        return FAILED | SLOW;
      }
      case 7 -> {
        brama.failure(id, "by name");
        return FAILED;
      }
      case 8 -> circuit.call(() -> "ok"); // the clock does not move: not slow
      case 9 -> {
        try {
          brama.call(id, () -> {
            throw BOOM;
          });
        } catch (RuntimeException e) {
          expectBoom(e, violations);
        }
        return FAILED;
      }
      case 10 -> {
        granted(circuit.tryAcquire(), violations).ignore();
        brama.call(id, IGNORE_ALL, () -> "ignored");
        return NOTHING;
      }
      default -> {
        if (rnd.nextBoolean()) {
          brama.callAsync(id, () -> CompletableFuture.completedFuture("ok")).join();
        } else {
          CompletableFuture<String> stage = new CompletableFuture<>();
          brama.callAsync(id, () -> stage);
          stage.cancel(false); // ignored
          return NOTHING;
        }
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // The whole state machine under fire
  // ---------------------------------------------------------------------------------------------

  /** A connection under test: what its status must satisfy, and the trial permits we hold. */
  private static final class Conn {
    final String id;
    final ConnectionConfig config;
    final int trials;
    final int maxAttempts; // 0 under a rate policy
    Circuit circuit;
    int index;
    /** Per HALF_OPEN period (its halfOpensAt): trial permits granted in it, held, not completed. */
    final Map<Instant, AtomicInteger> held = new ConcurrentHashMap<>();

    Conn(String id, int trials, int maxAttempts, FailurePolicy policy, ExpiryStrategy expiry) {
      this.id = id;
      this.trials = trials;
      this.maxAttempts = maxAttempts;
      this.config = ConnectionConfig.builder().failurePolicy(policy).expiryStrategy(expiry)
          .halfOpenTrials(trials).build();
    }

    AtomicInteger held(Instant period) {
      return held.computeIfAbsent(period, p -> new AtomicInteger());
    }
  }

  /** A granted permit a worker holds; {@code period} is set when it is known to be a trial. */
  private record Held(Conn conn, Permit permit, Instant period) {}

  // per connection and worker: what was reported
  private static final int SUCCESSES = 0;
  private static final int FAILURES = 1;
  private static final int MAYBE_SUCCESSES = 2; // second completions: count if the permit was CLOSED
  private static final int MAYBE_FAILURES = 3;
  private static final int REFUSALS = 4;

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void stateMachineInvariantsHoldOnOneHotConnection(ThreadKind kind) throws Exception {
    kind.assumeAvailable();
    onVirtualThreadsAlsoCheckPinning(kind, d -> lifecycle(kind, d, List.of(new Conn("hot", 2, 3,
        FailurePolicy.consecutive(3), ExpiryStrategy.progressive(Duration.ofMillis(10),
            Duration.ofMillis(80), 2.0).withJitter(0.25)))), LIFECYCLE_RUN);
  }

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void stateMachineInvariantsHoldOnManyConnections(ThreadKind kind) throws Exception {
    kind.assumeAvailable();
    onVirtualThreadsAlsoCheckPinning(kind, d -> lifecycle(kind, d, manyConnections()),
        LIFECYCLE_RUN);
  }

  private static List<Conn> manyConnections() {
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String id = "c" + i;
      conns.add(switch (i % 4) {
        case 0 -> new Conn(id, 1, 2, FailurePolicy.consecutive(2),
            ExpiryStrategy.fixed(Duration.ofMillis(10)));
        case 1 -> new Conn(id, 3, 4, FailurePolicy.consecutive(4),
            ExpiryStrategy.progressive(Duration.ofMillis(5), Duration.ofMillis(40), 2.0)
                .withJitter(0.2));
        case 2 -> new Conn(id, 2, 0, FailurePolicy.rate(50, 10, 4),
            ExpiryStrategy.fixed(Duration.ofMillis(8)));
        default -> new Conn(id, 1, 0, FailurePolicy.timedRate(50, Duration.ofMillis(100), 4),
            ExpiryStrategy.progressive(Duration.ofMillis(5), Duration.ofMillis(20), 1.5));
      });
    }
    return conns;
  }

  /**
   * Workers take, hold and complete permits (success, failure, ignore, sometimes twice), report by
   * name, call, callAsync, read, and now and then reset, open or configure; the clock moves by 0-3 ms
   * now and then, and the sweeper runs every millisecond. A sampler checks every status while this
   * goes on. Afterwards the clock settles every circuit, and the event stream is checked against
   * what was reported.
   */
  private void lifecycle(ThreadKind kind, Duration duration, List<Conn> conns) throws Exception {
    ManualClock clock = new ManualClock();
    List<String> ids = conns.stream().map(c -> c.id).toList();
    ConnectionConfig marker = ConnectionConfig.builder().build();
    EventChecker checker = new EventChecker(ids, marker);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    int n = conns.size();
    AtomicLongArray[] reported = new AtomicLongArray[5];
    for (int i = 0; i < reported.length; i++) {
      reported[i] = new AtomicLongArray(n);
    }
    LongAdder operations = new LongAdder();
    try (Brama brama = Brama.builder().clock(clock).eventQueueCapacity(Integer.MAX_VALUE)
        .config(BramaConfig.builder().cleanupInterval(Duration.ofMillis(1)).build()).build()) {
      Subscription all = brama.subscribe(checker);
      for (int c = 0; c < n; c++) {
        Conn conn = conns.get(c);
        conn.index = c;
        conn.circuit = brama.register(conn.id, Registration.builder().config(conn.config).build());
      }
      StressKit.hammer(kind, WORKERS + 1, duration, SEED, (index, rnd, go) -> {
        if (index == WORKERS) { // the sampler
          while (go.getAsBoolean()) {
            for (Conn c : conns) {
              checkStatus(c, c.circuit.status(), violations);
            }
            Thread.yield();
          }
          return;
        }
        long[][] mine = new long[5][n];
        List<Held> held = new ArrayList<>();
        int ops = 0;
        for (; ops < MAX_OPS && go.getAsBoolean(); ops++) {
          int ci = n == 1 || rnd.nextBoolean() ? 0 : rnd.nextInt(n);
          step(brama, clock, conns.get(ci), ci, held, mine, rnd, violations);
          while (held.size() > 4) {
            complete(held.remove(0), mine, rnd);
          }
          if ((ops & 31) == 0) {
            Thread.yield();
          }
        }
        operations.add(ops);
        // complete half of what is held; abandon the rest (their trials must time out)
        for (Held h : held) {
          if (rnd.nextBoolean()) {
            complete(h, mine, rnd);
          }
        }
        for (int k = 0; k < mine.length; k++) {
          for (int c = 0; c < n; c++) {
            reported[k].addAndGet(c, mine[k][c]);
          }
        }
      });
      assertThat(violations).as("seen while running (seed %d)", SEED).isEmpty();

      // No stuck HALF_OPEN: moving the clock by retryAfter always gets somewhere, and a circuit
      // that admits a call closes on its success.
      for (int c = 0; c < n; c++) {
        Conn conn = conns.get(c);
        List<ConnectionStatus> path = new ArrayList<>();
        for (int round = 0; ; round++) {
          ConnectionStatus s = conn.circuit.status();
          path.add(s);
          assertThat(round).as("%s does not settle: %s", conn.id, path).isLessThan(12);
          if (s.state() == CircuitState.CLOSED) {
            break;
          }
          if (s.retryAfter().isZero()) {
            Permit p = conn.circuit.tryAcquire();
            assertThat(p.granted()).as("%s: retryAfter zero but refused: %s", conn.id, path)
                .isTrue();
            p.success();
            reported[SUCCESSES].incrementAndGet(c);
            assertThat(conn.circuit.status().state()).as("%s: after a trial success", conn.id)
                .isEqualTo(CircuitState.CLOSED);
            break;
          }
          clock.advance(s.retryAfter());
        }
      }

      awaitMarkers(brama, ids, marker, checker);
      assertThat(checker.violations).as("event stream (seed %d)", SEED).isEmpty();
      assertThat(all.droppedEvents()).isZero();
      long transitions = 0;
      for (int c = 0; c < n; c++) {
        String id = ids.get(c);
        EventChecker.Track t = checker.track(id);
        transitions += t.stateChanges;
        assertThat(t.state).as("%s: the state the stream ends in", id)
            .isEqualTo(CircuitState.CLOSED);
        assertThat(t.count(EventType.REJECTED)).as("%s: one REJECTED per refusal", id)
            .isEqualTo(reported[REFUSALS].get(c));
        assertThat(t.count(EventType.SUCCESS)).as("%s: SUCCESS events", id)
            .isBetween(reported[SUCCESSES].get(c),
                reported[SUCCESSES].get(c) + reported[MAYBE_SUCCESSES].get(c));
        assertThat(t.count(EventType.FAILURE) - t.trialTimeouts)
            .as("%s: FAILURE events other than trial timeouts", id)
            .isBetween(reported[FAILURES].get(c),
                reported[FAILURES].get(c) + reported[MAYBE_FAILURES].get(c));
      }
      System.out.printf("lifecycle %s, %d connection(s), %s: %d operations, %d transitions, "
          + "%d REJECTED%n", kind, n, duration, operations.sum(), transitions,
          sum(reported[REFUSALS]));
      assertThat(transitions).as("the run went through transitions").isGreaterThan(n);
      assertThat(checker.track(ids.get(0)).count(EventType.STATE_CHANGE))
          .as("the hot connection cycled").isGreaterThan(10);
    }
  }

  /** One random operation on {@code c}. */
  private static void step(Brama brama, ManualClock clock, Conn c, int ci, List<Held> held,
      long[][] mine, SplittableRandom rnd, Queue<String> violations) {
    Circuit circuit = c.circuit;
    int op = rnd.nextInt(100);
    if (op < 25) {
      ConnectionStatus before = circuit.status();
      Permit p = circuit.tryAcquire();
      if (!p.granted()) {
        mine[REFUSALS][ci]++;
        if (rnd.nextInt(8) == 0) {
          p.success(); // a refused permit's completion does nothing
        }
        return;
      }
      ConnectionStatus after = circuit.status();
      Instant period = null;
      if (before.state() == CircuitState.HALF_OPEN && after.state() == CircuitState.HALF_OPEN
          && before.halfOpensAt().equals(after.halfOpensAt())) {
        // granted between two reads of one HALF_OPEN period: a trial permit of that period
        period = before.halfOpensAt();
        int mineNow = c.held(period).incrementAndGet();
        if (mineNow > c.trials) {
          violation(violations, c.id + ": " + mineNow + " trial permits of the HALF_OPEN period of "
              + period + " held at once; halfOpenTrials = " + c.trials);
        }
      }
      Held h = new Held(c, p, period);
      if (rnd.nextBoolean()) {
        held.add(h);
      } else {
        complete(h, mine, rnd);
      }
    } else if (op < 40) {
      if (!held.isEmpty()) {
        Held h = held.remove(rnd.nextInt(held.size()));
        complete(h, mine, rnd);
      }
    } else if (op < 52) {
      if (!brama.available(c.id)) {
        mine[REFUSALS][ci]++;
      } else if (rnd.nextBoolean()) {
        brama.success(c.id);
        mine[SUCCESSES][ci]++;
      } else {
        brama.failure(c.id, "after available");
        mine[FAILURES][ci]++;
      }
    } else if (op < 62) {
      if (rnd.nextBoolean()) {
        circuit.success();
        mine[SUCCESSES][ci]++;
      } else {
        circuit.failure("by handle");
        mine[FAILURES][ci]++;
      }
    } else if (op < 72) {
      boolean fail = rnd.nextBoolean();
      try {
        circuit.call(() -> {
          if (fail) {
            throw BOOM;
          }
          return "ok";
        });
        mine[SUCCESSES][ci]++;
      } catch (CircuitOpenException e) {
        mine[REFUSALS][ci]++;
      } catch (RuntimeException e) {
        expectBoom(e, violations);
        mine[FAILURES][ci]++;
      }
    } else if (op < 76) {
      try {
        brama.call(c.id, IGNORE_ALL, () -> "ignored");
      } catch (CircuitOpenException e) {
        mine[REFUSALS][ci]++;
      }
    } else if (op < 82) {
      boolean fail = rnd.nextBoolean();
      Throwable outcome = brama.callAsync(c.id, () -> fail
              ? CompletableFuture.<String>failedFuture(BOOM)
              : CompletableFuture.completedFuture("ok"))
          .handle((v, e) -> e).join();
      if (outcome instanceof CircuitOpenException) {
        mine[REFUSALS][ci]++;
      } else if (outcome == BOOM) {
        mine[FAILURES][ci]++;
      } else if (outcome == null) {
        mine[SUCCESSES][ci]++;
      } else {
        violation(violations, "callAsync failed with " + outcome);
      }
    } else if (op < 99) {
      checkStatus(c, rnd.nextBoolean() ? circuit.status() : brama.status(c.id), violations);
      circuit.state();
    } else if (rnd.nextInt(8) == 0) {
      switch (rnd.nextInt(3)) {
        case 0 -> brama.reset(c.id, "chaos");
        case 1 -> brama.open(c.id, "chaos");
        default -> brama.configure(c.id, ConnectionConfig.empty());
      }
    }
    if (rnd.nextInt(128) == 0) {
      clock.advance(Duration.ofMillis(rnd.nextInt(4)));
    }
  }

  /** Completes a permit we hold, sometimes twice (the second completion may or may not count). */
  private static void complete(Held h, long[][] mine, SplittableRandom rnd) {
    Conn c = h.conn();
    int ci = c.index;
    if (h.period() != null) {
      c.held(h.period()).decrementAndGet(); // before the slot is given back
    }
    int r = rnd.nextInt(10);
    if (r < 4) {
      h.permit().success();
      mine[SUCCESSES][ci]++;
    } else if (r < 8) {
      h.permit().failure("by permit");
      mine[FAILURES][ci]++;
    } else {
      h.permit().ignore();
    }
    if (rnd.nextInt(16) == 0) {
      if (rnd.nextBoolean()) {
        h.permit().success();
        mine[MAYBE_SUCCESSES][ci]++;
      } else {
        h.permit().failure("again");
        mine[MAYBE_FAILURES][ci]++;
      }
    }
  }

  /** The invariants every status must satisfy. */
  private static void checkStatus(Conn c, ConnectionStatus s, Queue<String> violations) {
    String bad = null;
    if (s.activeTrials() > c.trials) {
      bad = "activeTrials above halfOpenTrials " + c.trials;
    } else if (s.retryAfter().isNegative()) {
      bad = "negative retryAfter";
    } else {
      switch (s.state()) {
        case CLOSED -> {
          if (s.activeTrials() != 0 || s.openedAt() != null || s.halfOpensAt() != null
              || !s.retryAfter().isZero() || s.consecutiveOpens() != 0) {
            bad = "CLOSED with trials, open instants, a retryAfter or consecutive opens";
          } else if (c.maxAttempts > 0
              && (s.failureCount() >= c.maxAttempts || s.window() != null)) {
            bad = "CLOSED with failureCount >= maxAttempts, or a window under consecutive";
          } else if (c.maxAttempts == 0 && (s.failureCount() != 0 || s.window() == null
              || s.maxAttempts() != 0)) {
            bad = "CLOSED under a rate policy without a window, or with a failureCount";
          }
        }
        case OPEN -> {
          if (s.activeTrials() != 0 || s.failureCount() != 0 || s.window() != null
              || s.openedAt() == null || s.halfOpensAt() == null
              || !s.halfOpensAt().isAfter(s.openedAt()) || s.consecutiveOpens() < 1) {
            bad = "OPEN with trials, a count, a window or bad instants";
          }
          // Not checked here: OPEN implies retryAfter > 0. It does not hold while the clock moves
          // during status() (state and retryAfter are read at two instants): caught, and pinned
          // down deterministically, by StatusSnapshotTest.
        }
        case HALF_OPEN -> {
          if (s.failureCount() != 0 || s.window() != null || s.openedAt() == null
              || s.halfOpensAt() == null || s.halfOpensAt().isBefore(s.openedAt())) {
            bad = "HALF_OPEN with a count, a window or bad instants";
          } else if (s.activeTrials() < c.trials && !s.retryAfter().isZero()) {
            bad = "HALF_OPEN with a free trial slot but a retryAfter";
          } else {
            AtomicInteger mine = c.held.get(s.halfOpensAt());
            if (mine != null && mine.get() > c.trials) {
              bad = mine.get() + " trial permits of this period held by the workers";
            }
          }
        }
        default -> bad = "unknown state";
      }
    }
    if (bad != null) {
      violation(violations, c.id + ": " + bad + ": " + s);
    }
  }

  /**
   * A control for the pinning check: the recording does see a virtual thread that pins (one that
   * parks in a class initializer: pinned on JDK 21 to 25), so an empty recording means something.
   */
  @org.junit.jupiter.api.Test
  void thePinningRecordingSeesAPinnedVirtualThread() throws Exception {
    ThreadKind.VIRTUAL.assumeAvailable();
    List<String> pinned;
    try (PinnedRecording recording = PinnedRecording.start()) {
      Thread t = ThreadKind.VIRTUAL.factory().newThread(ParksInItsInitializer::touch);
      t.start();
      t.join(10_000);
      pinned = recording.stopAndReadPinned();
    }
    assertThat(pinned).as("jdk.VirtualThreadPinned of the control").isNotEmpty();
  }

  /** Parks while its class is being initialized: that pins a virtual thread. */
  private static final class ParksInItsInitializer {
    static {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // the pin itself, not a wait
    }

    static void touch() {
      // initializing the class is the point
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Run {
    void run(Duration duration) throws Exception;
  }

  /**
   * Runs {@code run}. On virtual threads it first runs briefly unrecorded (classes loaded, caches
   * warm: class initialisation may legitimately block a virtual thread once), then for real inside
   * a JFR recording of {@code jdk.VirtualThreadPinned} at threshold 0, which must hold none.
   */
  private static void onVirtualThreadsAlsoCheckPinning(ThreadKind kind, Run run, Duration duration)
      throws Exception {
    if (kind == ThreadKind.PLATFORM) {
      run.run(duration);
      return;
    }
    run.run(WARM_UP);
    List<String> pinned;
    try (PinnedRecording recording = PinnedRecording.start()) {
      run.run(duration);
      pinned = recording.stopAndReadPinned();
    }
    // Starting a recording switches on JFR's own exception tracing; the first Throwable built after
    // that may wait for the JDK to initialise jdk.internal.event.ThrowableTracer, either waiting
    // for the initialisation or entering its monitor while another thread runs it. Those pins are
    // the recorder's, not Brama's (seen on JDK 25), so they are not counted.
    pinned.removeIf(e -> e.contains("Waited for initialization of jdk.internal.event.")
        || e.contains("VM call to jdk.internal.event.ThrowableTracer.<clinit> on stack"));
    assertThat(pinned).as("jdk.VirtualThreadPinned events during the virtual-thread run")
        .isEmpty();
  }

  private static long sum(AtomicLongArray a) {
    long total = 0;
    for (int i = 0; i < a.length(); i++) {
      total += a.get(i);
    }
    return total;
  }

  /** "hot" (or {@code first}) then c1..c{n}: a mutable list. */
  private static List<String> ids(String first, int others) {
    List<String> ids = new ArrayList<>();
    ids.add(first);
    for (int i = 1; i <= others; i++) {
      ids.add("c" + i);
    }
    return ids;
  }

  /** Emits the marker on every connection and waits until the checker has seen them all. */
  private static void awaitMarkers(Brama brama, List<String> ids, ConnectionConfig marker,
      EventChecker checker) {
    for (String id : ids) {
      brama.configure(id, marker);
    }
    await().atMost(DELIVERY).pollInterval(Duration.ofMillis(20))
        .until(() -> checker.marked() == ids.size());
  }
}
