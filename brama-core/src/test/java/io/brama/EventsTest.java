package io.brama;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.CircuitState.OPEN;
import static io.brama.EventType.CONFIGURED;
import static io.brama.EventType.FAILURE;
import static io.brama.EventType.REGISTERED;
import static io.brama.EventType.REJECTED;
import static io.brama.EventType.STATE_CHANGE;
import static io.brama.EventType.SUCCESS;
import static io.brama.EventType.UNREGISTERED;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Rules E1, E2, E3, E4, E5, E6, E7, E11 and E12: events. */
class EventsTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();

  private static BramaConfig config(int maxAttempts) {
    return TestBrama.config(maxAttempts, EXPIRY).build();
  }

  /** A Brama delivering events synchronously, so a test can assert right after the operation. */
  private Brama direct(int maxAttempts) {
    return TestBrama.direct(clock, config(maxAttempts));
  }

  /** A Brama with the default (asynchronous) event executor. */
  private Brama async(int maxAttempts) {
    return newBrama(clock, maxAttempts, EXPIRY);
  }

  private static List<BramaEvent> of(List<BramaEvent> events, String connection) {
    return events.stream().filter(e -> e.connection().equals(connection)).toList();
  }

  // ---- who receives what ----

  @Test
  void aSubscriptionReceivesOnlyEventsPostedAfterItWasMade() {
    for (int round = 0; round < 50; round++) {
      try (Brama brama = async(1)) {
        brama.register("a"); // REGISTERED is posted now, before the subscription exists
        List<BramaEvent> events = new CopyOnWriteArrayList<>();
        brama.subscribe(events::add);
        brama.failure("a", "boom");

        awaitUntil(() -> events.stream().anyMatch(e -> e.type() == STATE_CHANGE));
        assertThat(events).extracting(BramaEvent::type).containsExactly(FAILURE, STATE_CHANGE);
        assertThat(events).extracting(BramaEvent::sequence).containsExactly(2L, 3L);
      }
    }
  }

  // ---- STATE_CHANGE ----

  @Test
  void everyTransitionEmitsExactlyOneStateChangeWithPreviousAndNewState() {
    try (Brama brama = direct(2)) {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(EventFilter.of(STATE_CHANGE), events::add);
      Circuit a = brama.register("a");
      Instant t0 = clock.instant();

      a.failure("f1");
      a.failure("f2"); // CLOSED -> OPEN
      clock.advance(Duration.ofSeconds(15)); // expiry passed 5 s ago
      assertThat(a.state()).isEqualTo(HALF_OPEN); // first observer: OPEN -> HALF_OPEN
      assertThat(a.status().state()).isEqualTo(HALF_OPEN);
      assertThat(a.state()).isEqualTo(HALF_OPEN);
      assertThat(a.available()).isTrue(); // takes the trial slot
      assertThat(a.available()).isFalse();
      a.success(); // trial success: HALF_OPEN -> CLOSED
      a.success(); // CLOSED stays CLOSED
      brama.open("a", "manual"); // CLOSED -> OPEN
      brama.open("a", "again"); // already OPEN: restarts the period, no event
      brama.reset("a", "fixed"); // OPEN -> CLOSED
      brama.reset("a", "noop"); // CLOSED: only clears the count, no event

      assertThat(events).allSatisfy(e -> {
        assertThat(e.type()).isEqualTo(STATE_CHANGE);
        assertThat(e.connection()).isEqualTo("a");
      });
      assertThat(events)
          .extracting(BramaEvent::previousState, BramaEvent::newState, BramaEvent::reason,
              BramaEvent::timestamp)
          .containsExactly(
              tuple(CLOSED, OPEN, "f2", t0),
              tuple(OPEN, HALF_OPEN, null, t0.plus(EXPIRY)), // stamped halfOpensAt, not "now"
              tuple(HALF_OPEN, CLOSED, null, t0.plusSeconds(15)),
              tuple(CLOSED, OPEN, "manual", t0.plusSeconds(15)),
              tuple(OPEN, CLOSED, "fixed", t0.plusSeconds(15)));
    }
  }

  @Test
  void trialFailureReopensWithOneStateChange() {
    try (Brama brama = direct(1)) {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(EventFilter.of(STATE_CHANGE), events::add);
      brama.register("a");
      brama.failure("a", "down");
      clock.advance(EXPIRY);
      Permit trial = brama.tryAcquire("a");
      assertThat(trial.granted()).isTrue();
      trial.failure("still down");
      trial.failure("again"); // a trial permit counts only once

      assertThat(events).extracting(BramaEvent::previousState, BramaEvent::newState,
              BramaEvent::reason)
          .containsExactly(
              tuple(CLOSED, OPEN, "down"),
              tuple(OPEN, HALF_OPEN, null),
              tuple(HALF_OPEN, OPEN, "still down"));
    }
  }

  // ---- sequence numbers ----

  @Test
  void eventsCarryPerConnectionSequenceStartingWithRegistered() {
    try (Brama brama = direct(3)) {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(events::add);
      Circuit a = brama.register("a", Registration.builder().type("http").scope("pay").build());
      brama.register("b");
      a.success();
      a.failure("x");
      brama.failure("b", "y");
      a.failure("z");
      a.failure("w"); // third consecutive failure opens a
      assertThat(a.tryAcquire().granted()).isFalse(); // REJECTED
      ConnectionConfig cfg = ConnectionConfig.builder().maxAttempts(5).build();
      brama.configure("a", cfg);
      brama.unregister("b");

      assertThat(of(events, "a"))
          .extracting(BramaEvent::type, BramaEvent::sequence, BramaEvent::previousState,
              BramaEvent::newState, BramaEvent::reason)
          .containsExactly(
              tuple(REGISTERED, 1L, null, CLOSED, null),
              tuple(SUCCESS, 2L, null, CLOSED, null),
              tuple(FAILURE, 3L, null, CLOSED, "x"),
              tuple(FAILURE, 4L, null, CLOSED, "z"),
              tuple(FAILURE, 5L, null, CLOSED, "w"),
              tuple(STATE_CHANGE, 6L, CLOSED, OPEN, "w"),
              tuple(REJECTED, 7L, null, OPEN, null),
              tuple(CONFIGURED, 8L, null, OPEN, cfg));
      assertThat(of(events, "a")).allSatisfy(e -> {
        assertThat(e.connectionType()).isEqualTo("http");
        assertThat(e.scope()).isEqualTo("pay");
        assertThat(e.timestamp()).isEqualTo(clock.instant());
      });
      assertThat(of(events, "b"))
          .extracting(BramaEvent::type, BramaEvent::sequence, BramaEvent::previousState,
              BramaEvent::newState)
          .containsExactly(
              tuple(REGISTERED, 1L, null, CLOSED),
              tuple(FAILURE, 2L, null, CLOSED),
              tuple(UNREGISTERED, 3L, null, CLOSED));
    }
  }

  @Test
  void controlEventsConsumeSequenceNumbersWithoutSubscriberButPerCallEventsDoNot() {
    try (Brama brama = direct(2)) {
      brama.register("a"); // REGISTERED = 1
      brama.failure("a"); // nobody listens: no FAILURE built
      brama.failure("a"); // STATE_CHANGE = 2
      brama.failure("a"); // late answer in OPEN, no event built
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(events::add);
      brama.reset("a"); // STATE_CHANGE = 3
      brama.failure("a", "q"); // FAILURE = 4

      assertThat(events).extracting(BramaEvent::type, BramaEvent::sequence)
          .containsExactly(tuple(STATE_CHANGE, 3L), tuple(FAILURE, 4L));
    }
  }

  @Test
  void concurrentOutcomesKeepSequencesConsecutiveForEverySubscriber() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    String[] ids = {"a", "b"};
    try (Brama brama = Brama.builder().clock(clock).config(config(3))
        .eventQueueCapacity(1_000_000).build()) {
      List<Queue<BramaEvent>> received = new ArrayList<>();
      List<Subscription> subscriptions = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Queue<BramaEvent> q = new ConcurrentLinkedQueue<>();
        received.add(q);
        subscriptions.add(brama.subscribe(q::add));
      }
      for (String id : ids) {
        brama.register(id);
      }
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            for (int j = 0; j < perThread; j++) {
              String id = ids[(j / 10 + thread) % 2];
              switch (j % 10) {
                case 0, 1, 2, 3, 4, 8 -> brama.failure(id, "f" + thread); // opens (maxAttempts 3)
                case 5 -> brama.success(id);
                case 6 -> {
                  Permit p = brama.tryAcquire(id);
                  if (p.granted()) {
                    p.success();
                  }
                }
                case 7 -> {
                  if (brama.available(id)) {
                    brama.success(id);
                  }
                }
                default -> {
                  if (thread < 2) {
                    brama.reset(id, "reset");
                  } else {
                    brama.success(id);
                  }
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      for (String id : ids) {
        brama.unregister(id); // the last event of each connection
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().allMatch(q ->
          q.stream().filter(e -> e.type() == UNREGISTERED).count() == ids.length));

      for (int s = 0; s < received.size(); s++) {
        List<BramaEvent> all = List.copyOf(received.get(s));
        for (String id : ids) {
          List<BramaEvent> events = of(all, id);
          assertThat(events.size()).as("events of %s", id).isGreaterThan(3_000);
          assertThat(events.get(0).type()).isEqualTo(REGISTERED);
          assertThat(events.get(events.size() - 1).type()).isEqualTo(UNREGISTERED);
          assertThat(events).extracting(BramaEvent::sequence)
              .as("subscriber %d, connection %s: strictly consecutive sequences", s, id)
              .containsExactlyElementsOf(
                  LongStream.rangeClosed(1, events.size()).boxed().toList());
          // the state changes chain up: each starts where the previous one ended
          CircuitState state = CLOSED;
          for (BramaEvent e : events) {
            if (e.type() == STATE_CHANGE) {
              assertThat(e.previousState()).as("seq %d", e.sequence()).isEqualTo(state);
              assertThat(e.newState()).isNotEqualTo(state);
              state = e.newState();
            } else {
              assertThat(e.previousState()).isNull();
              if (e.type() != UNREGISTERED) {
                assertThat(e.newState()).as("seq %d", e.sequence()).isEqualTo(state);
              }
            }
          }
          assertThat(events.stream().filter(e -> e.type() == STATE_CHANGE).count())
              .as("some state changes happened").isGreaterThan(2);
        }
      }
      assertThat(of(List.copyOf(received.get(0)), "a"))
          .isEqualTo(of(List.copyOf(received.get(1)), "a"));
      assertThat(subscriptions).allSatisfy(sub -> assertThat(sub.droppedEvents()).isZero());
    }
  }

  // ---- FAILURE before STATE_CHANGE ----

  @Test
  void outcomeEventComesBeforeTheStateChangeItCauses() {
    try (Brama brama = direct(2)) {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.register("a");
      brama.subscribe(events::add);
      brama.failure("a", "boom1");
      brama.failure("a", "boom2"); // opens
      clock.advance(EXPIRY);
      Permit trial = brama.tryAcquire("a"); // OPEN -> HALF_OPEN
      trial.failure("trial failed"); // HALF_OPEN -> OPEN
      clock.advance(EXPIRY);
      Permit trial2 = brama.tryAcquire("a");
      trial2.success(); // HALF_OPEN -> CLOSED

      assertThat(events)
          .extracting(BramaEvent::type, BramaEvent::previousState, BramaEvent::newState,
              BramaEvent::reason)
          .containsExactly(
              tuple(FAILURE, null, CLOSED, "boom1"),
              tuple(FAILURE, null, CLOSED, "boom2"),
              tuple(STATE_CHANGE, CLOSED, OPEN, "boom2"),
              tuple(STATE_CHANGE, OPEN, HALF_OPEN, null),
              tuple(FAILURE, null, HALF_OPEN, "trial failed"),
              tuple(STATE_CHANGE, HALF_OPEN, OPEN, "trial failed"),
              tuple(STATE_CHANGE, OPEN, HALF_OPEN, null),
              tuple(SUCCESS, null, HALF_OPEN, null),
              tuple(STATE_CHANGE, HALF_OPEN, CLOSED, null));
      assertThat(events).extracting(BramaEvent::sequence)
          .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }
  }

  // ---- REJECTED ----

  @Test
  void everyRefusalEmitsRejected() {
    try (Brama brama = TestBrama.direct(clock, TestBrama.config(3, EXPIRY).halfOpenTrials(1))) {
      List<BramaEvent> events = new CopyOnWriteArrayList<>();
      brama.subscribe(EventFilter.of(REJECTED), events::add);
      Circuit a = brama.register("a");
      // CLOSED admits: no REJECTED
      assertThat(a.available()).isTrue();
      a.tryAcquire().success();
      assertThat(a.call(() -> "ok")).isEqualTo("ok");
      assertThat(events).isEmpty();

      brama.open("a");
      assertThat(brama.available("a")).isFalse();
      assertThat(brama.tryAcquire("a").granted()).isFalse();
      assertThatExceptionOfType(CircuitOpenException.class)
          .isThrownBy(() -> brama.call("a", () -> "never"));
      assertThat(events).hasSize(3);

      clock.advance(EXPIRY);
      assertThat(a.available()).isTrue(); // the one trial slot
      assertThat(a.available()).isFalse(); // all slots taken
      assertThat(events).hasSize(4);

      assertThat(events).extracting(BramaEvent::type, BramaEvent::connection,
              BramaEvent::previousState, BramaEvent::newState)
          .containsExactly(
              tuple(REJECTED, "a", null, OPEN),
              tuple(REJECTED, "a", null, OPEN),
              tuple(REJECTED, "a", null, OPEN),
              tuple(REJECTED, "a", null, HALF_OPEN));
    }
  }

  // ---- filters ----

  @Test
  void filtersSelectByTypeConnectionScopeAndConnectionType() {
    try (Brama brama = direct(5)) {
      List<BramaEvent> all = new CopyOnWriteArrayList<>();
      List<BramaEvent> byTypes = new CopyOnWriteArrayList<>();
      List<BramaEvent> byConnection = new CopyOnWriteArrayList<>();
      List<BramaEvent> byScope = new CopyOnWriteArrayList<>();
      List<BramaEvent> byConnectionType = new CopyOnWriteArrayList<>();
      List<BramaEvent> combined = new CopyOnWriteArrayList<>();
      List<BramaEvent> noTypes = new CopyOnWriteArrayList<>();
      brama.subscribe(all::add);
      brama.subscribe(EventFilter.of(STATE_CHANGE, FAILURE), byTypes::add);
      brama.subscribe(EventFilter.of().connection("b"), byConnection::add);
      brama.subscribe(EventFilter.of().scope("pay"), byScope::add);
      brama.subscribe(EventFilter.of().connectionType("http"), byConnectionType::add);
      brama.subscribe(EventFilter.of(FAILURE).scope("pay").connectionType("http"), combined::add);
      brama.subscribe(EventFilter.of(), noTypes::add);

      brama.register("a", Registration.builder().type("http").scope("pay").build());
      brama.register("b", Registration.builder().type("db").scope("pay").build());
      brama.register("c", Registration.builder().type("http").scope("other").build());
      brama.register("d"); // no type, no scope
      for (String id : List.of("a", "b", "c", "d")) {
        brama.failure(id, id + "-failed");
        brama.success(id);
        brama.open(id, id + "-opened");
        brama.tryAcquire(id); // REJECTED
      }
      brama.configure("c", ConnectionConfig.builder().maxAttempts(2).build());
      brama.unregister("d");

      assertThat(all).hasSize(4 * 5 + 2);
      assertThat(noTypes).containsExactlyElementsOf(all);
      assertFiltered(byTypes, all,
          e -> e.type() == STATE_CHANGE || e.type() == FAILURE, 8);
      assertFiltered(byConnection, all, e -> e.connection().equals("b"), 5);
      assertFiltered(byScope, all, e -> "pay".equals(e.scope()), 10);
      assertFiltered(byConnectionType, all, e -> "http".equals(e.connectionType()), 11);
      assertFiltered(combined, all, e -> e.type() == FAILURE && e.connection().equals("a"), 1);
    }
  }

  private static void assertFiltered(List<BramaEvent> got, List<BramaEvent> all,
      Predicate<BramaEvent> expected, int expectedSize) {
    List<BramaEvent> want = all.stream().filter(expected).toList();
    assertThat(want).hasSize(expectedSize);
    assertThat(got).containsExactlyElementsOf(want);
  }

  // ---- listener isolation ----

  @Test
  void throwingListenerKeepsItsSubscriptionAndOthersStillGetEvents() {
    try (Brama brama = async(3)) {
      AtomicInteger thrown = new AtomicInteger();
      Subscription bad = brama.subscribe(e -> {
        thrown.incrementAndGet();
        throw new IllegalStateException("listener bug (expected by the test)");
      });
      Queue<BramaEvent> good = new ConcurrentLinkedQueue<>();
      Subscription goodSub = brama.subscribe(good::add);

      brama.register("a");
      brama.open("a");
      brama.reset("a");
      awaitUntil(() -> thrown.get() == 3 && good.size() == 3);
      assertThat(bad.isActive()).isTrue();

      brama.open("a", "later");
      awaitUntil(() -> thrown.get() == 4 && good.size() == 4);
      assertThat(bad.isActive()).isTrue();
      assertThat(goodSub.isActive()).isTrue();
      assertThat(good).extracting(BramaEvent::type)
          .containsExactly(REGISTERED, STATE_CHANGE, STATE_CHANGE, STATE_CHANGE);
    }
  }

  @Test
  void blockedListenerDelaysNeitherOtherSubscriptionsNorTheReportingThread() throws Exception {
    try (Brama brama = async(3)) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Queue<BramaEvent> blockedSeen = new ConcurrentLinkedQueue<>();
      brama.subscribe(e -> {
        blockedSeen.add(e);
        entered.countDown();
        awaitQuietly(release);
      });
      Queue<BramaEvent> fast = new ConcurrentLinkedQueue<>();
      brama.subscribe(fast::add);
      try {
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
          brama.register("a");
          brama.failure("a", "x");
          brama.open("a");
          brama.reset("a");
        });
        producer.get(5, TimeUnit.SECONDS); // never blocked by the stuck listener
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        awaitUntil(() -> fast.size() == 4);
        assertThat(fast).extracting(BramaEvent::type)
            .containsExactly(REGISTERED, FAILURE, STATE_CHANGE, STATE_CHANGE);
        assertThat(blockedSeen).hasSize(1);
      } finally {
        release.countDown();
      }
      awaitUntil(() -> blockedSeen.size() == 4);
      assertThat(blockedSeen).containsExactlyElementsOf(fast);
    }
  }

  @Test
  void fullQueueDropsAndCountsPerCallEventsButNeverControlEvents() throws Exception {
    try (Brama brama = Brama.builder().clock(clock).config(config(1_000))
        .eventQueueCapacity(10).build()) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Queue<BramaEvent> seen = new ConcurrentLinkedQueue<>();
      Subscription sub = brama.subscribe(e -> {
        seen.add(e);
        if (entered.getCount() > 0) {
          entered.countDown();
          awaitQuietly(release);
        }
      });
      try {
        brama.register("a"); // delivered: the listener blocks on it
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 30; i++) {
          brama.failure("a", "f" + i); // 10 fit in the queue, 20 are dropped
        }
        awaitUntil(() -> sub.droppedEvents() == 20);
        brama.open("a", "manual"); // STATE_CHANGE: queued beyond the bound
        ConnectionConfig cfg = ConnectionConfig.builder().maxAttempts(5).build();
        brama.configure("a", cfg); // CONFIGURED
        brama.reset("a", "manual reset"); // STATE_CHANGE
        brama.register("b"); // REGISTERED
        brama.unregister("b"); // UNREGISTERED
        brama.failure("a", "f31"); // still full: dropped
        brama.success("a"); // dropped
        awaitUntil(() -> sub.droppedEvents() == 22);
      } finally {
        release.countDown();
      }
      awaitUntil(() -> seen.size() == 16);
      List<BramaEvent> got = List.copyOf(seen);
      assertThat(got.subList(0, 11)).extracting(BramaEvent::type, BramaEvent::reason)
          .containsExactly(
              tuple(REGISTERED, null), tuple(FAILURE, "f1"), tuple(FAILURE, "f2"),
              tuple(FAILURE, "f3"), tuple(FAILURE, "f4"), tuple(FAILURE, "f5"),
              tuple(FAILURE, "f6"), tuple(FAILURE, "f7"), tuple(FAILURE, "f8"),
              tuple(FAILURE, "f9"), tuple(FAILURE, "f10"));
      assertThat(got.subList(11, 16)).extracting(BramaEvent::type, BramaEvent::connection)
          .containsExactly(
              tuple(STATE_CHANGE, "a"), tuple(CONFIGURED, "a"), tuple(STATE_CHANGE, "a"),
              tuple(REGISTERED, "b"), tuple(UNREGISTERED, "b"));
      assertThat(sub.droppedEvents()).isEqualTo(22);
      assertThat(sub.isActive()).isTrue();
    }
  }

  // ---- Subscription.close ----

  @Test
  void closingASubscriptionStopsDeliveryToItAlone() {
    try (Brama brama = async(3)) {
      Queue<BramaEvent> first = new ConcurrentLinkedQueue<>();
      Queue<BramaEvent> second = new ConcurrentLinkedQueue<>();
      Subscription s1 = brama.subscribe(first::add);
      Subscription s2 = brama.subscribe(second::add);
      brama.register("a");
      awaitUntil(() -> first.size() == 1 && second.size() == 1);

      s1.close();
      assertThat(s1.isActive()).isFalse();
      assertThat(s2.isActive()).isTrue();
      s1.close(); // idempotent
      assertThat(s1.isActive()).isFalse();

      brama.failure("a", "x");
      brama.open("a");
      brama.reset("a");
      brama.unregister("a");
      awaitUntil(() -> second.size() == 5);
      assertThat(second).extracting(BramaEvent::type)
          .containsExactly(REGISTERED, FAILURE, STATE_CHANGE, STATE_CHANGE, UNREGISTERED);
      assertThat(first).extracting(BramaEvent::type).containsExactly(REGISTERED);
      assertThat(s2.isActive()).isTrue();
    }
  }

  // ---- executor ----

  @Test
  void listenersRunOnTheGivenExecutorNeverOnTheCallingThread() throws Exception {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "custom-events-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    AtomicInteger tasks = new AtomicInteger();
    Executor recording = task -> {
      tasks.incrementAndGet();
      pool.execute(task);
    };
    try (Brama brama = Brama.builder().clock(clock).config(config(2)).eventExecutor(recording)
        .build()) {
      Queue<String> threads = new ConcurrentLinkedQueue<>();
      brama.subscribe(e -> threads.add(Thread.currentThread().getName()));
      brama.subscribe(EventFilter.of(STATE_CHANGE),
          e -> threads.add(Thread.currentThread().getName()));
      String caller = Thread.currentThread().getName();
      brama.register("a");
      brama.failure("a", "x"); // FAILURE
      Thread producer = new Thread(() -> {
        brama.failure("a", "y"); // FAILURE + STATE_CHANGE (x2 subscribers)
        brama.reset("a"); // STATE_CHANGE (x2)
      }, "producer-thread");
      producer.start();
      producer.join(5_000);
      assertThat(producer.isAlive()).isFalse();
      awaitUntil(() -> threads.size() == 7);
      Set<String> names = threads.stream().collect(Collectors.toSet());
      assertThat(names).allSatisfy(n -> assertThat(n).startsWith("custom-events-"));
      assertThat(names).doesNotContain(caller, "producer-thread");
      assertThat(tasks.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
