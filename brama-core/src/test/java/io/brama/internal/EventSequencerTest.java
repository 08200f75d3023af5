package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Subscription;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus driven directly, on an executor the test runs by hand: skipped sequence numbers never
 * hold back the events after them, posted events come out in sequence order whatever the order of
 * skips and posts, removed connections retire once their last number is consumed, and a
 * re-registration's events wait for its predecessor's.
 *
 * <p>The connections are made apart from any registry with a chosen last sequence number;
 * {@link ConnectionCore#terminate()} marks one removed without an event, so its last number is the
 * one it was made with.
 */
class EventSequencerTest {
  /** Runs queued tasks only when told to. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int pending() {
      return tasks.size();
    }

    /** Runs tasks (and the tasks they queue) until none is left. */
    void runAll() {
      Runnable t;
      while ((t = next()) != null) {
        t.run();
      }
    }

    /** Runs the oldest task; false when there is none. */
    boolean runNext() {
      Runnable t = next();
      if (t == null) {
        return false;
      }
      t.run();
      return true;
    }

    /** Runs the newest task (leaving older ones queued); false when there is none. */
    boolean runNewest() {
      Runnable t;
      synchronized (this) {
        t = tasks.pollLast();
      }
      if (t == null) {
        return false;
      }
      t.run();
      return true;
    }

    private synchronized Runnable next() {
      return tasks.poll();
    }
  }

  private final Engine engine = new Engine(BramaConfig.defaults(), new ManualClock(), null, 1024);
  private final Settings settings = Settings.of(BramaConfig.defaults());
  private final ManualExecutor executor = new ManualExecutor();
  private final List<ConnectionCore> retired = new CopyOnWriteArrayList<>();
  private final EventBus bus = new EventBus(executor, 1024, retired::add);
  private final List<BramaEvent> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    engine.close();
  }

  /** A connection whose last sequence number, once {@link ConnectionCore#terminate}d, is {@code last}. */
  private ConnectionCore core(String id, long last) {
    return new ConnectionCore(engine, id, null, null, Map.of(), settings, last, false);
  }

  private static BramaEvent event(ConnectionCore core, long sequence) {
    return new BramaEvent(EventType.STATE_CHANGE, core.id(), null, null, null, sequence,
        CircuitState.CLOSED, CircuitState.OPEN, null);
  }

  private Subscription subscribe() {
    return bus.subscribe(EventFilter.all(), seen::add);
  }

  private List<String> seen() {
    return seen.stream().map(e -> e.connection() + e.sequence()).toList();
  }

  @Test
  void aSkipInItsTurnCostsNoTaskAndTheNextPostGoesOut() {
    subscribe();
    ConnectionCore a = core("a", 10);
    bus.post(a, event(a, 1));
    executor.runAll();

    bus.skip(a, 2, 2);

    assertThat(executor.pending()).isZero();
    assertThat(EventSequencer.consumed(a)).isEqualTo(3);
    bus.post(a, event(a, 4));
    executor.runAll();
    assertThat(seen()).containsExactly("a1", "a4");
  }

  @Test
  void aSkipBeforeItsTurnGoesThroughTheInboxAndKeepsTheOrder() {
    subscribe();
    ConnectionCore a = core("a", 10);
    bus.post(a, event(a, 1)); // not drained yet: 2 is not the next number

    bus.skip(a, 2, 1);
    bus.post(a, event(a, 3));

    assertThat(EventSequencer.consumed(a)).isZero();
    executor.runAll();
    assertThat(seen()).containsExactly("a1", "a3");
    assertThat(EventSequencer.consumed(a)).isEqualTo(3);
  }

  @Test
  void aPostParkedBehindAGapIsKickedOutByTheSkipThatFillsIt() {
    subscribe();
    ConnectionCore a = core("a", 10);
    bus.post(a, event(a, 1));
    executor.runAll();
    bus.post(a, event(a, 4)); // ahead of 2 and 3: parked
    executor.runAll();
    assertThat(seen()).containsExactly("a1");

    bus.skip(a, 2, 1); // in its turn, but 4 still waits for 3
    executor.runAll();
    assertThat(seen()).containsExactly("a1");

    bus.skip(a, 3, 1); // fills the gap: the parked event must not wait forever
    assertThat(executor.pending()).as("a kick for the drain").isEqualTo(1);
    executor.runAll();
    assertThat(seen()).containsExactly("a1", "a4");
    assertThat(executor.pending()).isZero();

    bus.skip(a, 5, 1); // nothing parked any more: no kick
    assertThat(executor.pending()).isZero();
  }

  @Test
  void postsArrivingInAnyOrderAroundSkipsComeOutInSequenceOrder() {
    subscribe();
    ConnectionCore a = core("a", 9);
    bus.post(a, event(a, 5));
    bus.post(a, event(a, 3));
    bus.skip(a, 4, 1);
    bus.skip(a, 1, 2);
    executor.runAll();
    bus.skip(a, 7, 2);
    bus.post(a, event(a, 6));
    bus.post(a, event(a, 9));
    executor.runAll();
    assertThat(seen()).containsExactly("a3", "a5", "a6", "a9");
  }

  @Test
  void aRemovedConnectionWhoseLastNumbersAreSkippedRetires() {
    ConnectionCore a = core("a", 3);
    bus.skip(a, 1, 2);
    a.terminate();
    assertThat(retired).isEmpty();

    bus.skip(a, 3, 1);
    executor.runAll();

    assertThat(retired).containsExactly(a);
  }

  @Test
  void aRemovedConnectionWhoseLastNumberIsSkippedBehindAPostRetiresAfterIt() {
    subscribe();
    ConnectionCore a = core("a", 2);
    bus.post(a, event(a, 1)); // still on its way
    a.terminate();
    bus.skip(a, 2, 1);
    assertThat(retired).isEmpty();

    executor.runAll();

    assertThat(seen()).containsExactly("a1");
    assertThat(retired).containsExactly(a);
  }

  @Test
  void aRemovedConnectionWhoseLastEventIsPostedRetiresOnce() {
    subscribe();
    ConnectionCore a = core("a", 2);
    bus.skip(a, 1, 1);
    a.terminate();
    bus.post(a, event(a, 2));
    executor.runAll();
    assertThat(retired).containsExactly(a);
  }

  @Test
  void aReRegistrationsEventsWaitForItsPredecessorsLastSkippedNumber() {
    subscribe();
    ConnectionCore old = core("x", 3);
    ConnectionCore next = core("x", 1);
    bus.post(old, event(old, 1));
    executor.runAll();
    bus.post(next, event(next, 1), old); // the predecessor has 2 and 3 to go: held
    bus.post(next, event(next, 2));
    bus.post(old, event(old, 2));
    executor.runAll();
    assertThat(seen()).containsExactly("x1", "x2"); // old's, in order; next's wait

    old.terminate();
    bus.skip(old, 3, 1); // the predecessor's last number, skipped: next's events may go
    executor.runAll();

    assertThat(seen).extracting(e -> e.sequence()).containsExactly(1L, 2L, 1L, 2L);
    assertThat(seen.subList(2, 4)).allMatch(e -> e.connection().equals("x"));
    assertThat(retired).containsExactly(old);
  }

  @Test
  void aReRegistrationWhoseFirstEventIsSkippedStillWaitsForItsPredecessor() {
    Subscription s = bus.subscribe(EventFilter.of(EventType.STATE_CHANGE), seen::add);
    ConnectionCore old = core("x", 2);
    ConnectionCore next = core("x", 2);
    bus.post(old, event(old, 1)); // on its way
    old.terminate();
    bus.skip(old, 2, 1);
    BramaEvent registered = new BramaEvent(EventType.REGISTERED, "x", null, null, null, 1, null,
        CircuitState.CLOSED, null);
    bus.post(next, registered, old); // no subscription accepts REGISTERED: skipped, but held
    bus.post(next, event(next, 2));
    executor.runAll();
    assertThat(seen).containsExactly(event(old, 1), event(next, 2));
    assertThat(retired).containsExactly(old);
    s.close();
  }

  @Test
  void aReRegistrationAfterItsPredecessorFinishedSkipsAtOnce() {
    ConnectionCore old = core("x", 1);
    ConnectionCore next = core("x", 1);
    old.terminate();
    bus.skip(old, 1, 1);
    executor.runAll();
    assertThat(retired).containsExactly(old);
    BramaEvent registered = new BramaEvent(EventType.REGISTERED, "x", null, null, null, 1, null,
        CircuitState.CLOSED, null);
    bus.post(next, registered, old);
    assertThat(executor.pending()).isZero();
    assertThat(EventSequencer.consumed(next)).isEqualTo(1);
  }

  @Test
  void noSubscriptionMeansNoTaskForAnyEvent() {
    ConnectionCore a = core("a", 10);
    assertThat(bus.hasAudience()).isFalse();
    for (long n = 1; n <= 5; n++) {
      bus.post(a, event(a, n));
    }
    assertThat(executor.pending()).isZero();
    assertThat(EventSequencer.consumed(a)).isEqualTo(5);

    Subscription s = subscribe();
    assertThat(bus.hasAudience()).isTrue();
    assertThat(bus.accepts(EventType.CONFIGURED)).isTrue();
    bus.post(a, event(a, 6));
    executor.runAll();
    assertThat(seen()).containsExactly("a6");
    s.close();
    assertThat(bus.hasAudience()).isFalse();
  }

  @Test
  void skipsAndPostsFromManyThreadsInAnyOrderStayInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      SplittableRandom random = new SplittableRandom(20261205);
      for (int round = 0; round < 200; round++) {
        List<ConnectionCore> gone = new CopyOnWriteArrayList<>();
        List<BramaEvent> got = new CopyOnWriteArrayList<>();
        EventBus live = new EventBus(pool, 1 << 16, gone::add);
        live.subscribe(EventFilter.all(), got::add);
        int n = 64;
        ConnectionCore a = core("a", n);
        a.terminate();
        List<Long> numbers = new ArrayList<>();
        List<Long> posted = new ArrayList<>();
        for (long k = 1; k <= n; k++) {
          numbers.add(k);
          if (random.nextBoolean()) {
            posted.add(k);
          }
        }
        Collections.shuffle(numbers, new java.util.Random(random.nextLong()));
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          List<Long> mine = numbers.subList(t * n / 4, (t + 1) * n / 4);
          done.add(threads.submit(() -> {
            start.await();
            for (long k : mine) {
              if (posted.contains(k)) {
                live.post(a, event(a, k));
              } else {
                live.skip(a, k, 1);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1)).until(() -> !gone.isEmpty() && got.size() >= posted.size());
        assertThat(got).extracting(BramaEvent::sequence).containsExactlyElementsOf(posted);
        assertThat(gone).containsExactly(a);
      }
    } finally {
      threads.shutdownNow();
      pool.shutdownNow();
    }
  }
}
