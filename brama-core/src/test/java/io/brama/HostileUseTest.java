package io.brama;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.CircuitState.OPEN;
import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Brama used as a hostile user would: each regression test is named after the defect it catches
 * (issue "Hostile use must not break Brama"); the rest are attacks that held, kept so they stay held.
 */
class HostileUseTest {
  private final ManualClock clock = new ManualClock();

  /** An exception whose message cannot be rendered: its getMessage reads a map that is null. */
  static final class Unrenderable extends RuntimeException {
    private final java.util.Map<String, String> details = null;

    @Override
    public String getMessage() {
      return details.get("message");
    }
  }

  private static Object unrenderableReason() {
    return new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no toString for you");
      }
    };
  }

  private Brama brama(int maxAttempts, Duration expiry) {
    return TestBrama.newBrama(clock, maxAttempts, expiry);
  }

  // ---- 1. reasons that cannot be rendered ----

  /** The state-change log line renders the reason: switch it on as in production. */
  private static AutoCloseable infoLogging() {
    Logger logger = Logger.getLogger("io.brama");
    Level before = logger.getLevel();
    logger.setLevel(Level.INFO);
    return () -> logger.setLevel(before);
  }

  @Test
  void unrenderableReasonNeitherReplacesTheActionsExceptionNorStopsEvents() throws Exception {
    try (AutoCloseable info = infoLogging(); Brama brama = brama(1, Duration.ofSeconds(1))) {
      brama.register("api");
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);

      assertThatThrownBy(() -> brama.call("api", () -> {
        throw new Unrenderable();
      })).isExactlyInstanceOf(Unrenderable.class);
      assertThat(brama.status("api").state()).isEqualTo(OPEN);
      brama.open("api", unrenderableReason());
      brama.reset("api", unrenderableReason());
      brama.open("api", unrenderableReason(), Duration.ofSeconds(5));
      brama.reset("api");

      // CLOSED->OPEN, OPEN->CLOSED, CLOSED->OPEN, OPEN->CLOSED: the stream never stopped.
      awaitUntil(() -> rec.events().size() == 4);
      assertThat(rec.events()).extracting(BramaEvent::newState)
          .containsExactly(OPEN, CLOSED, OPEN, CLOSED);
      assertThat(rec.events()).extracting(BramaEvent::sequence).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void failureWithUnrenderableReasonByNameIsRecordedAndLoggedAsItsClass() throws Exception {
    try (AutoCloseable info = infoLogging(); Brama brama = brama(2, Duration.ofSeconds(1))) {
      brama.register("db");
      brama.failure("db", new Unrenderable());
      brama.failure("db", unrenderableReason());
      assertThat(brama.status("db").state()).isEqualTo(OPEN);
      assertThat(brama.status("db").lastFailureReason()).isNotNull();
    }
  }

  // ---- 3. listeners that throw checked exceptions ----

  @Test
  void listenerThrowingACheckedExceptionStaysSubscribedAndGetsEveryEvent() {
    try (Brama brama = brama(1, Duration.ofSeconds(1))) {
      AtomicInteger seen = new AtomicInteger();
      Subscription s = brama.subscribe(EventFilter.of(EventType.REGISTERED), e -> {
        seen.incrementAndGet();
        throw HostileUseTest.<RuntimeException>sneaky(new IOException("checked, sneaky"));
      });
      for (int i = 0; i < 300; i++) {
        brama.register("c" + i);
      }
      awaitUntil(() -> seen.get() == 300);
      assertThat(s.isActive()).isTrue();
      assertThat(s.droppedEvents()).isZero();
    }
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X sneaky(Throwable t) throws X {
    throw (X) t;
  }

  // ---- 6. an event executor that was shut down ----

  @Test
  void shutDownEventExecutorLogsOnceAndDropsAndCountsEveryEvent() {
    ExecutorService dead = Executors.newSingleThreadExecutor();
    dead.shutdown();
    List<LogRecord> warnings = new ArrayList<>();
    Logger logger = Logger.getLogger("io.brama");
    Handler capture = new Handler() {
      @Override
      public synchronized void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    try (Brama brama = Brama.builder().clock(clock).eventExecutor(dead)
        .config(BramaConfig.builder().maxAttempts(1_000_000).build()).build()) {
      Subscription failures = brama.subscribe(EventFilter.of(EventType.FAILURE), e -> { });
      Subscription lifecycle = brama.subscribe(EventFilter.of(EventType.REGISTERED, EventType.STATE_CHANGE), e -> { });
      brama.register("api");
      for (int i = 0; i < 100_000; i++) {
        brama.failure("api", "down");
      }
      brama.open("api");
      // Exact counts: every event was dropped and counted, none kept queued.
      assertThat(failures.droppedEvents()).isEqualTo(100_000);
      assertThat(lifecycle.droppedEvents()).isEqualTo(2); // REGISTERED, STATE_CHANGE
      assertThat(failures.isActive()).isTrue();
    } finally {
      logger.removeHandler(capture);
    }
    synchronized (capture) {
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getMessage()).contains("refused");
    }
  }

  // ---- 7. unregister and re-register while traffic flows ----

  @Test
  void eventsOfOneRegistrationEndBeforeTheNextOnesBegin() throws Exception {
    try (Brama brama = TestBrama.newBrama(clock, 3, Duration.ofMillis(1))) {
      EventRecorder rec = new EventRecorder();
      // Events that are never dropped, so that each registration's sequence must be contiguous.
      brama.subscribe(EventFilter.of(EventType.REGISTERED, EventType.STATE_CHANGE,
          EventType.UNREGISTERED), rec);
      brama.register("x");
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService traffic = Executors.newFixedThreadPool(3);
      for (int t = 0; t < 3; t++) {
        int n = t;
        traffic.submit(() -> {
          while (!stop.get()) {
            try {
              if (n == 0) {
                brama.reset("x");
              } else {
                brama.failure("x", "boom");
              }
            } catch (UnknownConnectionException e) {
              // between registrations
            }
          }
        });
      }
      for (int round = 0; round < 2_000; round++) {
        brama.unregister("x");
        brama.register("x");
      }
      stop.set(true);
      traffic.shutdown();
      assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      brama.unregister("x");
      awaitUntil(() -> rec.of(EventType.UNREGISTERED).size() == 2_001);

      // Each registration: REGISTERED (#1), its events in sequence, UNREGISTERED last.
      long expected = 0;
      int registrations = 0;
      for (BramaEvent e : rec.of("x")) {
        if (e.type() == EventType.REGISTERED) {
          assertThat(expected).as("REGISTERED before the previous UNREGISTERED").isZero();
          assertThat(e.sequence()).isEqualTo(1);
          expected = 2;
          registrations++;
          continue;
        }
        assertThat(expected).as("%s outside a registration", e).isNotZero();
        assertThat(e.sequence()).isEqualTo(expected);
        expected = e.type() == EventType.UNREGISTERED ? 0 : expected + 1;
      }
      assertThat(registrations).isEqualTo(2_001);
    }
  }

  // ---- 8. one scheduler: the ManualClock drives every timer ----

  @Test
  void manualClockAdvanceMovesToHalfOpenBeforeItReturns() {
    try (Brama brama = TestBrama.direct(clock, TestBrama.unswept(1, Duration.ofMillis(500)))) {
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      brama.register("api");
      brama.failure("api", "down");
      clock.advance(Duration.ofMillis(499));
      assertThat(rec.events()).extracting(BramaEvent::newState).containsExactly(OPEN);
      clock.advance(Duration.ofMillis(600));
      // No traffic, no status read: the timer moved it, on this thread, before advance returned.
      assertThat(rec.events()).extracting(BramaEvent::newState).containsExactly(OPEN, HALF_OPEN);
      assertThat(rec.events().get(1).timestamp()).isEqualTo(T0.plusMillis(500));
    }
  }

  @Test
  void manualClockTimesOutAHalfOpenTrialBeforeAdvanceReturns() {
    try (Brama brama = TestBrama.direct(clock, TestBrama.unswept(1, Duration.ofSeconds(1)))) {
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      brama.register("api");
      brama.failure("api", "down");
      clock.advance(Duration.ofSeconds(1));
      Permit trial = brama.tryAcquire("api");
      assertThat(trial.granted()).isTrue();
      clock.advance(Duration.ofSeconds(1)); // the trial never reports: it fails at its deadline
      assertThat(rec.events()).extracting(BramaEvent::newState)
          .containsExactly(OPEN, HALF_OPEN, OPEN);
      assertThat(rec.events().get(2).timestamp()).isEqualTo(T0.plusSeconds(2));
    }
  }

  @Test
  void manualClockFailsACallTimeoutBeforeAdvanceReturns() {
    try (Brama brama = TestBrama.newBrama(clock, 5, Duration.ofSeconds(1))) {
      brama.register("slow", Registration.builder()
          .config(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(2)).build()).build());
      CompletableFuture<String> never = new CompletableFuture<>();
      CompletableFuture<String> call = brama.callAsync("slow", () -> never);
      clock.advance(Duration.ofMillis(1999));
      assertThat(call).isNotDone();
      clock.advance(Duration.ofMillis(1));
      assertThat(call).isCompletedExceptionally();
      assertThatThrownBy(call::get).hasCauseInstanceOf(TimeoutException.class);
      assertThat(never).isCancelled();
      assertThat(brama.status("slow").failureCount()).isEqualTo(1);
    }
  }

  @Test
  void oneManualClockDrivesSeveralBramas() {
    List<EventRecorder> recs = new ArrayList<>();
    List<Brama> bramas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Brama b = TestBrama.direct(clock, TestBrama.config(1, Duration.ofSeconds(i + 1)));
      EventRecorder rec = new EventRecorder();
      b.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      b.register("api");
      b.failure("api");
      bramas.add(b);
      recs.add(rec);
    }
    bramas.get(1).close(); // a closed Brama's timers are harmless
    clock.advance(Duration.ofSeconds(3));
    assertThat(recs.get(0).events()).extracting(BramaEvent::newState).containsExactly(OPEN, HALF_OPEN);
    assertThat(recs.get(1).events()).extracting(BramaEvent::newState).containsExactly(OPEN);
    assertThat(recs.get(2).events()).extracting(BramaEvent::newState).containsExactly(OPEN, HALF_OPEN);
    assertThat(recs.get(2).events().get(1).timestamp()).isEqualTo(T0.plusSeconds(3));
    bramas.forEach(Brama::close);
  }

  @Test
  void anotherClockIsRecheckedByTheWallClockTimer() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource custom = now::get;
    try (Brama brama = Brama.builder().clock(custom)
        .config(BramaConfig.builder().maxAttempts(1).expiry(Duration.ofSeconds(1))
            .cleanupInterval(Duration.ofHours(1)).build()).build()) {
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      brama.register("api");
      brama.failure("api");
      now.set(T0.plusSeconds(1));
      awaitUntil(() -> rec.events().size() == 2);
      assertThat(rec.events().get(1).newState()).isEqualTo(HALF_OPEN);
    }
  }

  @Test
  void systemClockMovesToHalfOpenAtTheExpiryWithoutTraffic() {
    try (Brama brama = Brama.create(BramaConfig.builder().maxAttempts(1)
        .expiry(Duration.ofMillis(50)).cleanupInterval(Duration.ofHours(1)).build())) {
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      brama.register("api");
      brama.failure("api");
      awaitUntil(() -> rec.events().size() == 2);
      BramaEvent halfOpen = rec.events().get(1);
      assertThat(halfOpen.newState()).isEqualTo(HALF_OPEN);
      assertThat(Duration.between(rec.events().get(0).timestamp(), halfOpen.timestamp()))
          .isEqualTo(Duration.ofMillis(50));
    }
  }

  // ---- decisions: reset under a rate policy, cancelled async calls ----

  @Test
  void resetOfAClosedCircuitUnderARatePolicyEmptiesTheWindowInTheSameGeneration() {
    try (Brama brama = Brama.builder().clock(clock).config(BramaConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 10, 4)).build()).build()) {
      brama.register("api");
      Permit before = brama.tryAcquire("api");
      brama.failure("api");
      brama.failure("api");
      brama.failure("api");
      assertThat(brama.status("api").window().calls()).isEqualTo(3);
      brama.reset("api");
      assertThat(brama.status("api").window().calls()).isZero();
      before.failure("granted before the reset"); // reports into the new window
      assertThat(brama.status("api").window().failures()).isEqualTo(1);
      brama.failure("api");
      brama.failure("api");
      assertThat(brama.status("api").state()).isEqualTo(CLOSED); // 3 calls < minimumCalls 4
      brama.failure("api");
      assertThat(brama.status("api").state()).isEqualTo(OPEN);
    }
  }

  @Test
  void cancelledAsyncCallRecordsNothingButACallTimeoutIsAFailure() {
    try (Brama brama = Brama.builder().clock(clock).countCalls(true)
        .config(BramaConfig.builder().maxAttempts(1).build()).build()) {
      brama.register("api");
      CompletableFuture<String> cancelledByCaller = brama.callAsync("api",
          CompletableFuture::new);
      cancelledByCaller.cancel(true);
      CompletableFuture<String> failedWithCancellation = brama.callAsync("api",
          () -> CompletableFuture.failedFuture(new java.util.concurrent.CancellationException()));
      assertThat(failedWithCancellation).isCompletedExceptionally();
      assertThat(brama.status("api").state()).isEqualTo(CLOSED);
      assertThat(brama.calls("api").ignored()).isEqualTo(2);
      assertThat(brama.calls("api").failures()).isZero();
    }
  }

  // ---- attacks that held ----

  @Test
  void blockingListenerDelaysNoOtherSubscriberAndNoCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Brama brama = brama(1, Duration.ofSeconds(1))) {
      brama.subscribe(EventFilter.all(), e -> {
        try {
          release.await();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      });
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.all(), rec);
      brama.register("api");
      for (int i = 0; i < 1000; i++) {
        brama.success("api");
      }
      brama.failure("api");
      awaitUntil(() -> rec.of(EventType.STATE_CHANGE).size() == 1);
      release.countDown();
    }
  }

  @Test
  void reentrantListenerCallingBackIntoTheBramaDoesNotDeadlock() {
    try (Brama brama = brama(1, Duration.ofSeconds(1))) {
      AtomicInteger resets = new AtomicInteger();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> {
        if (e.newState() == OPEN && resets.incrementAndGet() <= 100) {
          brama.reset(e.connection(), "listener resets");
          brama.failure(e.connection(), "and fails again");
        }
      });
      brama.register("api");
      brama.failure("api");
      awaitUntil(() -> resets.get() == 101);
      assertThat(brama.status("api").state()).isEqualTo(OPEN);
    }
  }

  @Test
  void clockJumpingBackwardsNeitherThrowsNorClosesEarly() {
    try (Brama brama = brama(1, Duration.ofSeconds(10))) {
      brama.register("api");
      brama.failure("api");
      clock.set(T0.minusSeconds(3600));
      assertThat(brama.available("api")).isFalse();
      assertThat(brama.status("api").state()).isEqualTo(OPEN);
      clock.set(T0.plusSeconds(10));
      assertThat(brama.status("api").state()).isEqualTo(HALF_OPEN);
    }
  }

  @Test
  void sneakyCheckedExceptionsFromExpiryStrategyAndErrorHandlerLeaveTheCircuitUsable() throws Exception {
    ExpiryStrategy throwing = opens -> {
      throw HostileUseTest.<RuntimeException>sneaky(new IOException("strategy"));
    };
    try (Brama brama = Brama.builder().clock(clock).config(BramaConfig.builder().maxAttempts(1)
        .expiryStrategy(throwing).build()).build()) {
      brama.register("api");
      ErrorHandler handler = (result, error) -> {
        throw HostileUseTest.<RuntimeException>sneaky(new IOException("handler"));
      };
      assertThatThrownBy(() -> brama.call("api", handler, () -> {
        throw new IllegalStateException("action");
      })).hasMessage("action");
      assertThat(brama.status("api").state()).isEqualTo(OPEN); // the handler's throw is a failure
      clock.advance(Duration.ofSeconds(60)); // the default expiry stands in
      assertThat(brama.status("api").state()).isEqualTo(HALF_OPEN);
      assertThat(brama.call("api", () -> "ok")).isEqualTo("ok");
      assertThat(brama.status("api").state()).isEqualTo(CLOSED);
    }
  }

  @Test
  void tenThreadsConfiguringOpeningResettingAndUnregisteringLeaveAConsistentRegistry()
      throws Exception {
    try (Brama brama = brama(3, Duration.ofSeconds(1))) {
      ExecutorService pool = Executors.newFixedThreadPool(10);
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        int n = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            String id = "c" + (i % 7);
            try {
              switch ((n + i) % 6) {
                case 0 -> brama.registerIfAbsent(id, Registration.builder().build());
                case 1 -> brama.open(id, "hostile");
                case 2 -> brama.reset(id);
                case 3 -> brama.configure(id, ConnectionConfig.builder().maxAttempts(1 + i % 4)
                    .build());
                case 4 -> brama.unregister(id);
                default -> brama.failure(id, "boom");
              }
            } catch (UnknownConnectionException e) {
              // raced with an unregister: the documented answer
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      for (ConnectionStatus s : brama.statuses()) {
        assertThat(brama.isRegistered(s.id())).isTrue();
        assertThat(s.state()).isNotNull();
      }
      brama.registerIfAbsent("c0", Registration.builder().build());
      brama.reset("c0");
      assertThat(brama.available("c0")).isTrue();
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }
}
