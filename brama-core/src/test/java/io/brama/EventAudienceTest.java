package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events nobody can receive are not built, yet nothing a subscriber can see changes: a
 * subscription made before a transition gets its event, with the sequence number it would have
 * had if every event had been built; a full queue's drops are counted exactly; state changes still
 * reach a subscriber whose queue is full; a queue that drains takes per-call events again.
 */
class EventAudienceTest {
  private final ManualClock clock = new ManualClock();
  private final ExecutorService events = Executors.newFixedThreadPool(2);
  private final CountDownLatch release = new CountDownLatch(1);
  private Brama brama;

  @AfterEach
  void close() {
    release.countDown();
    if (brama != null) {
      brama.close();
    }
    events.shutdownNow();
  }

  private Brama brama(int capacity) {
    brama = Brama.builder().clock(clock).eventExecutor(events).eventQueueCapacity(capacity)
        .config(BramaConfig.builder().maxAttempts(1).expiry(Duration.ofSeconds(10)).build())
        .build();
    return brama;
  }

  @Test
  void aSubscriptionMadeBeforeATransitionGetsItWithItsTrueSequenceNumber() {
    brama(64).register("a");
    long sequence = 1; // REGISTERED, skipped: nobody listened
    for (int round = 0; round < 50; round++) {
      brama.open("a"); // nobody listens: skipped
      brama.reset("a");
      sequence += 2;
      List<BramaEvent> seen = new CopyOnWriteArrayList<>();
      Subscription s = brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), seen::add);
      brama.open("a", "round " + round);
      sequence++;
      long expected = sequence;
      String reason = "round " + round;
      awaitUntil(() -> !seen.isEmpty());
      assertThat(seen).singleElement().satisfies(e -> {
        assertThat(e.sequence()).isEqualTo(expected);
        assertThat(e.newState()).isEqualTo(CircuitState.OPEN);
        assertThat(e.reason()).isEqualTo(reason);
      });
      s.close();
      brama.reset("a"); // nobody listens again
      sequence++;
    }
  }

  @Test
  void aFullQueueCountsEveryDropExactlyAndStillTakesStateChanges() {
    int capacity = 8;
    int n = 100;
    brama(capacity).register("a");
    List<BramaEvent> seen = new CopyOnWriteArrayList<>();
    Subscription s = brama.subscribe(EventFilter.of(EventType.SUCCESS, EventType.FAILURE,
        EventType.REJECTED, EventType.STATE_CHANGE), e -> {
          seen.add(e);
          awaitRelease();
        });
    brama.success("a");
    awaitUntil(() -> seen.size() == 1); // the listener holds it: one in flight, the queue empty

    for (int i = 0; i < n; i++) {
      brama.success("a");
    }
    awaitUntil(() -> s.droppedEvents() == n - capacity);
    brama.open("a"); // a state change: always queued, full or not
    for (int i = 0; i < n; i++) {
      assertThat(brama.available("a")).isFalse(); // REJECTED: dropped too
    }
    awaitUntil(() -> s.droppedEvents() == 2L * n - capacity);

    release.countDown();
    awaitUntil(() -> seen.size() == 1 + capacity + 1);
    assertThat(seen.subList(1, 1 + capacity)).extracting(BramaEvent::type)
        .containsOnly(EventType.SUCCESS);
    assertThat(seen.get(capacity + 1).type()).isEqualTo(EventType.STATE_CHANGE);
    assertThat(seen).extracting(BramaEvent::sequence).isSorted();

    assertThat(brama.available("a")).isFalse(); // drained: per-call events are taken again
    awaitUntil(() -> seen.size() == capacity + 3);
    assertThat(seen.get(capacity + 2).type()).isEqualTo(EventType.REJECTED);
    assertThat(s.droppedEvents()).isEqualTo(2L * n - capacity);
  }

  @Test
  void aFullQueueOfAnotherConnectionsSubscriptionCountsNoDropOfThisOne() {
    int capacity = 4;
    brama(capacity).register("a");
    brama.register("b");
    List<BramaEvent> seen = new CopyOnWriteArrayList<>();
    Subscription s = brama.subscribe(EventFilter.of(EventType.SUCCESS).connection("a"), e -> {
      seen.add(e);
      awaitRelease();
    });
    brama.success("a");
    awaitUntil(() -> seen.size() == 1);
    for (int i = 0; i < capacity + 10; i++) {
      brama.success("a");
    }
    awaitUntil(() -> s.droppedEvents() == 10);

    for (int i = 0; i < 50; i++) {
      brama.success("b"); // not this subscription's: no drop
    }
    brama.success("a");

    awaitUntil(() -> s.droppedEvents() == 11);
    release.countDown();
    awaitUntil(() -> seen.size() == 1 + capacity);
    assertThat(seen).allMatch(e -> e.connection().equals("a"));
    assertThat(s.droppedEvents()).isEqualTo(11);
  }

  @Test
  void aClosedSubscriptionCountsNoMoreDrops() {
    brama(2).register("a");
    List<BramaEvent> seen = new CopyOnWriteArrayList<>();
    Subscription s = brama.subscribe(EventFilter.of(EventType.SUCCESS), e -> {
      seen.add(e);
      awaitRelease();
    });
    brama.success("a");
    awaitUntil(() -> seen.size() == 1);
    for (int i = 0; i < 5; i++) {
      brama.success("a");
    }
    awaitUntil(() -> s.droppedEvents() == 3);
    s.close();
    for (int i = 0; i < 5; i++) {
      brama.success("a");
    }
    assertThat(s.droppedEvents()).isEqualTo(3);
  }

  private static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(condition);
  }

  private void awaitRelease() {
    try {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the listener");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
