package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule N6: every {@link Circuit} operation does what the {@link Brama} method of the same name does
 * for its id: two Bramas on clocks at the same instant, each with connection "a" brought to the same
 * state; one gets the operation by name, the other through its handle; the answers (or
 * exceptions), the statuses afterwards and every event must be equal, in each state, once the
 * connection is unregistered, and once the Brama is closed. Most of Brama's per-id methods run the
 * handle's code, so this catches one that passes other arguments or takes a path of its own; what
 * that code does is the other tests' subject.
 */
class CircuitOperationsTest {
  private static final String ID = "a";
  private static final IOException ERROR = new IOException("down");
  private static final ErrorHandler BAD_IS_FAILURE = (result, error) ->
      error != null || "bad".equals(result) ? Outcome.failure("bad") : Outcome.success();
  private static final Function<CircuitOpenException, String> FALLBACK = e -> "fallback";

  /** An operation on a Brama or a handle; it may throw what the operation throws. */
  private interface Call<T> {
    Object on(T target) throws Exception;
  }

  /** One operation, by name on a Brama and through a handle. */
  private record Op(String name, Call<Brama> byName, Call<Circuit> byHandle) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Op> OPS = List.of(
      new Op("available", b -> b.available(ID), Circuit::available),
      new Op("tryAcquire", b -> use(b.tryAcquire(ID)), c -> use(c.tryAcquire())),
      new Op("success", b -> run(() -> b.success(ID)), c -> run(c::success)),
      new Op("failure", b -> run(() -> b.failure(ID)), c -> run(c::failure)),
      new Op("failure(reason)", b -> run(() -> b.failure(ID, "r")), c -> run(() -> c.failure("r"))),
      new Op("status", b -> b.status(ID), Circuit::status),
      new Op("state", b -> b.status(ID).state(), Circuit::state),
      new Op("calls", b -> b.calls(ID), Circuit::calls),
      new Op("call", b -> b.call(ID, () -> "ok"), c -> c.call(() -> "ok")),
      new Op("call failing", b -> b.call(ID, CircuitOperationsTest::fail),
          c -> c.call(CircuitOperationsTest::fail)),
      new Op("call(errorHandler)", b -> b.call(ID, BAD_IS_FAILURE, () -> "bad"),
          c -> c.call(BAD_IS_FAILURE, () -> "bad")),
      new Op("call(fallback)", b -> b.call(ID, CircuitOperationsTest::fail, FALLBACK),
          c -> c.call(CircuitOperationsTest::fail, FALLBACK)),
      new Op("run", b -> run(() -> b.run(ID, () -> { })), c -> run(() -> c.run(() -> { }))),
      new Op("run failing", b -> run(() -> b.run(ID, CircuitOperationsTest::fail)),
          c -> run(() -> c.run(CircuitOperationsTest::fail))),
      new Op("callAsync", b -> b.callAsync(ID, () -> CompletableFuture.completedFuture("ok")),
          c -> c.callAsync(() -> CompletableFuture.completedFuture("ok"))),
      new Op("callAsync(errorHandler)",
          b -> b.callAsync(ID, BAD_IS_FAILURE, () -> CompletableFuture.failedFuture(ERROR)),
          c -> c.callAsync(BAD_IS_FAILURE, () -> CompletableFuture.failedFuture(ERROR))),
      new Op("configure", b -> run(() -> b.configure(ID, lower())),
          c -> run(() -> c.configure(lower()))),
      new Op("open", b -> run(() -> b.open(ID)), c -> run(c::open)),
      new Op("open(reason)", b -> run(() -> b.open(ID, "r")), c -> run(() -> c.open("r"))),
      new Op("open(reason, duration)", b -> run(() -> b.open(ID, "r", Duration.ofSeconds(3))),
          c -> run(() -> c.open("r", Duration.ofSeconds(3)))),
      new Op("reset", b -> run(() -> b.reset(ID)), c -> run(c::reset)),
      new Op("reset(reason)", b -> run(() -> b.reset(ID, "r")), c -> run(() -> c.reset("r"))),
      new Op("isRegistered", b -> b.isRegistered(ID), Circuit::isRegistered),
      new Op("unregister", b -> b.unregister(ID), Circuit::unregister),
      new Op("monitor", b -> b.monitor(ID, Health::healthy, Duration.ofSeconds(1)),
          c -> c.monitor(Health::healthy, Duration.ofSeconds(1))),
      new Op("monitor(timeout)",
          b -> b.monitor(ID, Health::healthy, Duration.ofSeconds(1), Duration.ofMillis(500)),
          c -> c.monitor(Health::healthy, Duration.ofSeconds(1), Duration.ofMillis(500))));

  /** Where connection "a" is brought, on both Bramas, before the operation. */
  enum Start {
    CLOSED_WITH_A_FAILURE(s -> s.brama.failure(ID, "earlier")),
    OPEN(s -> s.brama.open(ID, "earlier")),
    HALF_OPEN(s -> {
      s.brama.open(ID, "earlier");
      s.clock.advance(Duration.ofSeconds(11));
      s.brama.status(ID);
    }),
    UNREGISTERED(s -> s.brama.unregister(ID)),
    BRAMA_CLOSED(s -> s.brama.close());

    final Consumer<Side> prepare;

    Start(Consumer<Side> prepare) {
      this.prepare = prepare;
    }
  }

  /** One Brama with connection "a", events delivered on the calling thread. */
  private static final class Side {
    final ManualClock clock = new ManualClock();
    final EventRecorder rec = new EventRecorder();
    final Brama brama = Brama.builder().clock(clock).eventExecutor(Runnable::run)
        .countCalls(true).config(TestBrama.config(3, Duration.ofSeconds(10)).build()).build();
    final Circuit circuit;

    Side() {
      brama.subscribe(rec);
      circuit = brama.register(ID, Registration.builder().type("http").scope("s").build());
    }

    /** The status, or the exception asking for it gives (unregistered, closed). */
    String status() {
      return outcome(() -> brama.status(ID));
    }
  }

  private final List<Side> sides = new ArrayList<>();

  @AfterEach
  void closeAll() {
    sides.forEach(s -> s.brama.close());
  }

  private Side side(Start start) {
    Side s = new Side();
    sides.add(s);
    start.prepare.accept(s);
    return s;
  }

  @ParameterizedTest
  @EnumSource(Start.class)
  void everyOperationThroughTheHandleDoesWhatTheBramaDoesByName(Start start) {
    SoftAssertions soft = new SoftAssertions();
    for (Op op : OPS) {
      if (op.name.startsWith("monitor") && start.ordinal() < Start.UNREGISTERED.ordinal()) {
        continue; // probes run on their own threads: see monitorThroughTheHandle...
      }
      Side named = side(start);
      Side handled = side(start);
      String byName = outcome(() -> op.byName.on(named.brama));
      String byHandle = outcome(() -> op.byHandle.on(handled.circuit));
      soft.assertThat(byHandle).as(op + " in " + start).isEqualTo(byName);
      soft.assertThat(handled.status()).as("status after " + op + " in " + start)
          .isEqualTo(named.status());
      soft.assertThat(handled.rec.events()).as("events of " + op + " in " + start)
          .isEqualTo(named.rec.events());
      named.brama.close();
      handled.brama.close();
    }
    soft.assertAll();
  }

  @Test
  void theComparisonTellsTwoStatesApart() {
    // the comparison above can fail: the same operation in two different states does
    Side closed = side(Start.CLOSED_WITH_A_FAILURE);
    Side open = side(Start.OPEN);
    assertThat(outcome(() -> open.circuit.available()))
        .isNotEqualTo(outcome(() -> closed.brama.available(ID)));
    assertThat(open.rec.events()).isNotEqualTo(closed.rec.events());
  }

  @Test
  void monitorThroughTheHandleStartsTheSameMonitorAsByName() {
    Side named = side(Start.CLOSED_WITH_A_FAILURE);
    Side handled = side(Start.CLOSED_WITH_A_FAILURE);
    Blocking byName = new Blocking();
    Blocking byHandle = new Blocking();
    Duration interval = Duration.ofSeconds(5);
    Duration timeout = Duration.ofSeconds(2);
    HealthMonitor m1 = named.brama.monitor(ID, byName, interval, timeout);
    HealthMonitor m2 = handled.circuit.monitor(byHandle, interval, timeout);
    assertThat(describe(m2)).isEqualTo(describe(m1));
    // a second monitor is refused alike
    assertThat(outcome(() -> handled.circuit.monitor(Health::healthy, Duration.ofSeconds(1))))
        .isEqualTo(outcome(() -> named.brama.monitor(ID, Health::healthy, Duration.ofSeconds(1))))
        .contains("IllegalStateException");
    // the first probe holds its permit; stopping gives it back, unrecorded, on both
    await().atMost(TestBrama.WAIT).until(() -> byName.entered.getCount() == 0
        && byHandle.entered.getCount() == 0);
    m1.stop();
    m2.stop();
    assertThat(handled.status()).isEqualTo(named.status());
    assertThat(handled.circuit.calls()).isEqualTo(named.brama.calls(ID));
    assertThat(handled.rec.events()).isEqualTo(named.rec.events());
  }

  @Test
  void aHandleOnAConnectionRegisteredAgainAnswersForTheOldOneOnly() {
    Side s = side(Start.CLOSED_WITH_A_FAILURE);
    Circuit old = s.circuit;
    s.brama.unregister(ID);
    Circuit fresh = s.brama.register(ID);
    assertThat(old.isRegistered()).isFalse();
    assertThat(old.unregister()).isFalse();
    assertThat(outcome(old::status)).contains("UnknownConnectionException");
    // by name, the id now names the new connection, which the old handle leaves alone
    assertThat(s.brama.isRegistered(ID)).isTrue();
    assertThat(fresh.isRegistered()).isTrue();
    assertThat(fresh.unregister()).isTrue();
    assertThat(s.brama.isRegistered(ID)).isFalse();
  }

  /** A health check that blocks until interrupted, after saying it was entered. */
  private static final class Blocking implements HealthCheck {
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public Health check() throws InterruptedException {
      entered.countDown();
      new CountDownLatch(1).await();
      return Health.healthy();
    }
  }

  // ---- helpers ----

  private static ConnectionConfig lower() {
    return ConnectionConfig.builder().maxAttempts(1).build();
  }

  private static String fail() throws IOException {
    throw ERROR;
  }

  /** What an operation answered or threw, comparable across the two Bramas. */
  private static String outcome(Callable<Object> op) {
    try {
      return "returned " + describe(op.call());
    } catch (Throwable t) {
      return "threw " + t.getClass().getName() + ": " + t.getMessage();
    }
  }

  private static String describe(Object value) {
    if (value instanceof CompletableFuture<?> f) {
      return f.handle((v, e) -> "future " + (e == null ? "of " + v : "failed with " + e)).join();
    }
    if (value instanceof HealthMonitor m) {
      return "monitor of " + m.id() + " running=" + m.isRunning() + " every " + m.interval()
          + " within " + m.timeout();
    }
    return String.valueOf(value);
  }

  /** The permit's answer; a granted one is completed as a success. */
  private static String use(Permit p) {
    String granted = "granted=" + p.granted() + " retryAfter=" + p.retryAfter();
    if (p.granted()) {
      p.success();
    }
    return granted;
  }

  private interface Action {
    void run() throws Exception;
  }

  /** A void operation as a {@link Call}: it answers null. */
  private static Object run(Action a) throws Exception {
    a.run();
    return null;
  }
}
