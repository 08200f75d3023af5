package io.brama;

import static io.brama.fixtures.TestBrama.config;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Rules L1, L2 and L3: close. */
class CloseTest {
  private final ManualClock clock = new ManualClock();

  private Brama brama() {
    return newBrama(clock, 3, Duration.ofSeconds(10));
  }

  @Test
  void closeIsIdempotent() {
    Brama brama = brama();
    brama.register("a");
    brama.close();
    assertThatCode(brama::close).doesNotThrowAnyException();
    assertThatCode(brama::close).doesNotThrowAnyException();
    assertThatThrownBy(() -> brama.status("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void backgroundThreadsAreDaemonsAndStopOnClose() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    Brama brama = brama(); // default event executor
    CountDownLatch delivered = new CountDownLatch(2);
    brama.subscribe(e -> delivered.countDown());
    brama.register("a");
    brama.open("a");
    assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();

    Set<Thread> created = new HashSet<>(Thread.getAllStackTraces().keySet());
    created.removeAll(before);
    // no non-daemon thread was created (on JDK 21+ the event threads are virtual, and their
    // carrier threads are daemons too)
    assertThat(created)
        .allSatisfy(t -> assertThat(t.isDaemon()).as("%s is a daemon", t.getName()).isTrue());
    List<Thread> ours = created.stream().filter(t -> t.getName().startsWith("brama-")).toList();
    assertThat(ours).as("the Brama's own threads").isNotEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("brama-"))
        .allSatisfy(t -> assertThat(t.isDaemon()).as("%s is a daemon", t.getName()).isTrue());

    brama.close();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> ours.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void everyMethodThrowsIllegalStateExceptionAfterClose() {
    Brama brama = brama();
    Circuit a = brama.register("a");
    brama.register("b");
    brama.close();

    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("register(id)", () -> brama.register("c"));
    calls.put("register(id, registration)",
        () -> brama.register("c", Registration.builder().build()));
    calls.put("registerIfAbsent", () -> brama.registerIfAbsent("a", Registration.builder().build()));
    calls.put("unregister", () -> brama.unregister("a"));
    calls.put("isRegistered", () -> brama.isRegistered("a"));
    calls.put("circuit(registered id)", () -> brama.circuit("a"));
    calls.put("circuit(unknown id)", () -> brama.circuit("zz"));
    calls.put("available", () -> brama.available("a"));
    calls.put("tryAcquire", () -> brama.tryAcquire("a"));
    calls.put("success", () -> brama.success("a"));
    calls.put("failure(id)", () -> brama.failure("a"));
    calls.put("failure(id, reason)", () -> brama.failure("a", "r"));
    calls.put("status", () -> brama.status("a"));
    calls.put("status(unknown id)", () -> brama.status("zz"));
    calls.put("statuses", brama::statuses);
    calls.put("configure",
        () -> brama.configure("a", ConnectionConfig.builder().maxAttempts(2).build()));
    calls.put("open(id)", () -> brama.open("a"));
    calls.put("open(id, reason)", () -> brama.open("a", "r"));
    calls.put("open(id, reason, duration)", () -> brama.open("a", "r", Duration.ofSeconds(1)));
    calls.put("reset(id)", () -> brama.reset("b"));
    calls.put("reset(id, reason)", () -> brama.reset("b", "r"));
    calls.put("subscribe(listener)", () -> brama.subscribe(e -> { }));
    calls.put("subscribe(filter, listener)", () -> brama.subscribe(EventFilter.of(), e -> { }));
    calls.put("call(id, action)", () -> brama.call("a", () -> "x"));
    calls.put("call(id, handler, action)",
        () -> brama.call("a", ErrorHandler.defaults(), () -> "x"));
    calls.put("run", () -> brama.run("a", () -> { }));
    calls.put("callAsync(id, action)",
        () -> brama.callAsync("a", () -> CompletableFuture.completedFuture("x")));
    calls.put("callAsync(id, handler, action)", () -> brama.callAsync("a",
        ErrorHandler.defaults(), () -> CompletableFuture.completedFuture("x")));
    calls.put("circuit.available", a::available);
    calls.put("circuit.tryAcquire", a::tryAcquire);
    calls.put("circuit.success", a::success);
    calls.put("circuit.failure()", a::failure);
    calls.put("circuit.failure(reason)", () -> a.failure("r"));
    calls.put("circuit.state", a::state);
    calls.put("circuit.status", a::status);
    calls.put("circuit.call", () -> a.call(() -> "x"));

    List<String> wrong = new ArrayList<>();
    calls.forEach((name, call) -> {
      Throwable t = catchThrowable(call);
      if (!(t instanceof IllegalStateException) || !t.getMessage().contains("closed")) {
        wrong.add(name + " -> " + (t == null ? "returned normally" : t));
      }
    });
    assertThat(wrong).as("methods that did not throw IllegalStateException(\"...closed...\")")
        .isEmpty();
  }

  @Test
  void permitsCompletedAfterCloseAreNoOps() {
    List<BramaEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Executor direct = Runnable::run;
    Brama brama = Brama.builder().clock(clock).eventExecutor(direct)
        .config(config(3, Duration.ofSeconds(10)).build()).build();
    brama.register("a");
    brama.register("b");
    brama.subscribe(events::add);
    Permit closedPermit = brama.tryAcquire("a");
    brama.open("b");
    clock.advance(Duration.ofSeconds(10));
    Permit trial = brama.tryAcquire("b");
    Permit refused = brama.tryAcquire("b");
    assertThat(closedPermit.granted()).isTrue();
    assertThat(trial.granted()).isTrue();
    assertThat(refused.granted()).isFalse();
    int before = events.size();

    brama.close();
    assertThatCode(() -> {
      closedPermit.success();
      closedPermit.failure("late");
      closedPermit.ignore();
      trial.failure("late");
      trial.success();
      trial.ignore();
      refused.success();
      refused.failure("late");
      refused.ignore();
    }).doesNotThrowAnyException();
    assertThat(events).hasSize(before);
  }

  @Test
  void callInFlightWhenClosedReturnsTheActionsOutcome() throws Exception {
    Brama brama = brama();
    brama.register("a");
    assertThat(brama.call("a", () -> {
      brama.close();
      return "result";
    })).isEqualTo("result");

    Brama other = brama();
    other.register("a");
    IllegalStateException own = new IllegalStateException("the action's own");
    assertThatThrownBy(() -> other.call("a", () -> {
      other.close();
      throw own;
    })).isSameAs(own);

    Brama third = brama();
    third.register("a");
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = third.callAsync("a", () -> stage);
    third.close();
    stage.complete("late");
    assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void queuedEventsAreDeliveredWhileClosing() throws Exception {
    Brama brama = brama(); // default event executor
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Queue<BramaEvent> seen = new ConcurrentLinkedQueue<>();
    Subscription sub = brama.subscribe(e -> {
      seen.add(e);
      if (entered.getCount() > 0) {
        entered.countDown();
        awaitQuietly(gate);
      }
    });
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      brama.register("a"); // the listener blocks on this one
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 10; i++) {
        brama.open("a", "open " + i);
        brama.reset("a", "reset " + i);
      }
      long start = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(brama::close, closer);
      // wait until close() has started, then let the listener go on
      await().atMost(Duration.ofSeconds(5)).until(() -> isClosed(brama));
      gate.countDown();
      closing.get(5, TimeUnit.SECONDS);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // every queued event was delivered before close() returned
      assertThat(seen).hasSize(21);
      assertThat(seen).extracting(BramaEvent::sequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 21).boxed()
              .toList());
      assertThat(tookMillis).isLessThan(1_500);
      assertThat(sub.isActive()).isFalse();
    } finally {
      gate.countDown();
      closer.shutdownNow();
    }
  }

  @Test
  void slowListenerDoesNotHoldCloseForMoreThanAboutOneSecond() throws Exception {
    Brama brama = brama(); // default event executor
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Queue<BramaEvent> seen = new ConcurrentLinkedQueue<>();
    Subscription sub = brama.subscribe(e -> {
      seen.add(e);
      entered.countDown();
      awaitQuietly(gate); // stuck until the test ends
    });
    try {
      brama.register("a");
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        brama.open("a");
        brama.reset("a");
      }
      long start = System.nanoTime();
      brama.close();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(tookMillis).isLessThan(1_500);
      assertThat(sub.isActive()).isFalse();
    } finally {
      gate.countDown();
    }
    // the events still queued at the end of the grace period were dropped
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> seen.size() == 1);
  }

  private static boolean isClosed(Brama brama) {
    try {
      brama.isRegistered("a");
      return false;
    } catch (IllegalStateException e) {
      return true;
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
