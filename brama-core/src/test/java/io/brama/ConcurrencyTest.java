package io.brama;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.CircuitState.OPEN;
import static io.brama.fixtures.TestBrama.config;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brama.testing.ManualClock;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules T1 and T2: thread safety and the cost of the hot path. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Runs {@code task} on {@link #THREADS} threads released together by a barrier. */
  private <T> List<T> race(Callable<T> task) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> {
        barrier.await(10, TimeUnit.SECONDS);
        return task.call();
      }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  private Brama brama(int maxAttempts, int halfOpenTrials) {
    return newBrama(clock,
        config(maxAttempts, Duration.ofSeconds(1)).halfOpenTrials(halfOpenTrials));
  }

  @Test
  void concurrentFailuresLoseNoCount() throws Exception {
    int perThread = 5_000;
    try (Brama brama = brama(Integer.MAX_VALUE, 1)) {
      Circuit a = brama.register("a");
      AtomicInteger thread = new AtomicInteger();
      race(() -> {
        boolean byPermit = thread.getAndIncrement() % 2 == 1;
        for (int i = 0; i < perThread; i++) {
          if (byPermit) {
            Permit p = a.tryAcquire();
            p.failure("permit");
          } else {
            brama.failure("a", "name");
          }
        }
        return null;
      });
      ConnectionStatus s = brama.status("a");
      assertThat(s.state()).isEqualTo(CLOSED);
      assertThat(s.failureCount()).isEqualTo(THREADS * perThread);
    }
  }

  @Test
  void racingAcquirersGetExactlyOneTrialSlot() throws Exception {
    int rounds = 200;
    try (Brama brama = brama(3, 1)) {
      brama.register("a");
      Queue<BramaEvent> changes = new ConcurrentLinkedQueue<>();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), changes::add);
      for (int r = 0; r < rounds; r++) {
        int round = r;
        brama.open("a", "round", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        if (round % 2 == 0) {
          List<Permit> permits = race(() -> brama.tryAcquire("a"));
          List<Permit> granted = permits.stream().filter(Permit::granted).toList();
          assertThat(granted).as("round %d: granted permits", round).hasSize(1);
          permits.stream().filter(p -> !p.granted()).forEach(p ->
              assertThat(p.retryAfter()).as("round %d", round).isEqualTo(Duration.ofSeconds(1)));
          granted.get(0).ignore();
        } else {
          List<Boolean> available = race(() -> brama.available("a"));
          assertThat(available.stream().filter(b -> b).count())
              .as("round %d: available() true", round).isEqualTo(1);
        }
      }
      brama.reset("a", "end"); // the last STATE_CHANGE
      await().atMost(WAIT).until(() -> changes.stream().anyMatch(e -> "end".equals(e.reason())));
      assertThat(changes.stream().filter(e -> e.newState() == HALF_OPEN).count())
          .as("exactly one OPEN -> HALF_OPEN per round, whoever observed it")
          .isEqualTo(rounds);
      assertThat(changes).hasSize(1 + rounds + (rounds - 1) + 1);
    }
  }

  @Test
  void racingAcquirersGetExactlyHalfOpenTrialsSlots() throws Exception {
    int rounds = 100;
    try (Brama brama = brama(3, 3)) {
      brama.register("a");
      for (int round = 0; round < rounds; round++) {
        brama.open("a", "round", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        List<Permit> permits = race(() -> brama.tryAcquire("a"));
        List<Permit> granted = permits.stream().filter(Permit::granted).toList();
        assertThat(granted).as("round %d: granted permits", round).hasSize(3);
        assertThat(brama.status("a").activeTrials()).isEqualTo(3);
        granted.forEach(Permit::ignore);
        assertThat(brama.status("a").activeTrials()).isZero();
      }
    }
  }

  @Test
  void racingFailuresOpenTheCircuitExactlyOnce() throws Exception {
    int rounds = 20;
    try (Brama brama = brama(50, 1)) {
      brama.register("a");
      Queue<BramaEvent> changes = new ConcurrentLinkedQueue<>();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), changes::add);
      for (int round = 0; round < rounds; round++) {
        race(() -> {
          for (int i = 0; i < 20; i++) { // 160 failures in all, 50 open the circuit
            brama.failure("a", "x");
          }
          return null;
        });
        ConnectionStatus s = brama.status("a");
        assertThat(s.state()).as("round %d", round).isEqualTo(OPEN);
        assertThat(s.consecutiveOpens()).as("round %d", round).isEqualTo(1);
        brama.reset("a", "round " + round);
      }
      brama.open("a", "end");
      await().atMost(WAIT).until(() -> changes.stream().anyMatch(e -> "end".equals(e.reason())));
      List<BramaEvent> got = List.copyOf(changes);
      assertThat(got).hasSize(2 * rounds + 1);
      for (int round = 0; round < rounds; round++) {
        BramaEvent opened = got.get(2 * round);
        BramaEvent closed = got.get(2 * round + 1);
        assertThat(opened.previousState()).isEqualTo(CLOSED);
        assertThat(opened.newState()).isEqualTo(OPEN);
        assertThat(opened.reason()).isEqualTo("x");
        assertThat(closed.newState()).isEqualTo(CLOSED);
        assertThat(closed.reason()).isEqualTo("round " + round);
      }
    }
  }

  // ---- cost ----

  private static final CheckedCallable<String, RuntimeException> ACTION = () -> "ok";
  private static final int WARM_UP = 200_000;
  private static final int MEASURED = 100_000;
  private static final long SLACK_BYTES = 1_024;
  static volatile Object sink;

  @Test
  void hotPathAllocatesNothingWithManualClock() throws Throwable {
    assertHotPathAllocatesNothing(Brama.builder().clock(clock).build());
  }

  @Test
  void hotPathAllocatesNothingWithDefaultClock() throws Throwable {
    assertHotPathAllocatesNothing(Brama.create());
  }

  /**
   * {@code ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
   * .getCurrentThreadAllocatedBytes()}, reached reflectively: the tests are compiled inside module
   * io.brama, which does not read java.management. The handle is exact, so reading it allocates
   * nothing once linked.
   */
  private static MethodHandle allocatedBytesOfCurrentThread() throws Exception {
    Object bean = Class.forName("java.lang.management.ManagementFactory")
        .getMethod("getThreadMXBean").invoke(null);
    Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
    assumeTrue(sunBean.isInstance(bean), "no allocation counter");
    assumeTrue((Boolean) sunBean.getMethod("isThreadAllocatedMemorySupported").invoke(bean),
        "no allocation counter");
    sunBean.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
    return MethodHandles.publicLookup()
        .findVirtual(sunBean, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
        .bindTo(bean);
  }

  private static void assertHotPathAllocatesNothing(Brama brama) throws Throwable {
    MethodHandle allocatedBytes = allocatedBytesOfCurrentThread();
    for (int i = 0; i < 1_000; i++) { // link the handle before measuring with it
      long ignored = (long) allocatedBytes.invokeExact();
    }
    try (brama) {
      Circuit closed = brama.register("closed");
      Circuit open = brama.register("open");
      brama.open("open");
      Map<String, Runnable> ops = new LinkedHashMap<>();
      ops.put("available(id)+success(id)", () -> {
        if (!brama.available("closed")) {
          throw new AssertionError("refused");
        }
        brama.success("closed");
      });
      ops.put("tryAcquire(id)+permit.success()", () -> {
        Permit p = brama.tryAcquire("closed");
        p.success();
      });
      ops.put("circuit.available()+circuit.success()", () -> {
        if (closed.available()) {
          closed.success();
        }
      });
      ops.put("circuit.call(action)", () -> sink = closed.call(ACTION));
      ops.put("brama.call(id, action)", () -> sink = brama.call("closed", ACTION));
      ops.put("tryAcquire(id) on OPEN", () -> {
        Permit p = brama.tryAcquire("open");
        if (p.granted()) {
          throw new AssertionError("granted");
        }
        sink = p;
      });
      ops.put("circuit.tryAcquire() on OPEN", () -> sink = open.tryAcquire());

      Map<String, Long> allocated = new LinkedHashMap<>();
      for (Map.Entry<String, Runnable> op : ops.entrySet()) {
        Runnable r = op.getValue();
        loop(r, WARM_UP);
        long before = (long) allocatedBytes.invokeExact();
        loop(r, MEASURED);
        long after = (long) allocatedBytes.invokeExact();
        allocated.put(op.getKey(), after - before);
      }
      assertThat(allocated).as("bytes allocated by %d iterations", MEASURED)
          .allSatisfy((op, bytes) -> assertThat(bytes).as(op).isLessThan(SLACK_BYTES));
      assertThat(closed.state()).isEqualTo(CLOSED);
      assertThat(open.state()).isEqualTo(OPEN);
    }
  }

  private static void loop(Runnable r, int n) {
    for (int i = 0; i < n; i++) {
      r.run();
    }
  }
}
