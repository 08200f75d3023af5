package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in call counters: what counts as what, and exact totals under concurrent calls. */
class CallCountsTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void close() {
    brama.close();
  }

  private Brama counting(BramaConfig.Builder config) {
    brama = Brama.builder().config(config.build()).clock(clock).countCalls(true).build();
    return brama;
  }

  @Test
  void offByDefaultWithAClearMessage() {
    brama = Brama.builder().clock(clock).build();
    Circuit c = brama.register("a");
    assertThatThrownBy(() -> brama.calls("a")).isInstanceOf(IllegalStateException.class)
        .hasMessage("this Brama does not count calls: build it with "
            + "Brama.builder().countCalls(true)");
    assertThatThrownBy(c::calls).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyRouteCountsItsOutcome() throws IOException {
    Circuit c = counting(BramaConfig.builder().maxAttempts(100)).register("a");
    brama.success("a");
    brama.failure("a", "x");
    c.tryAcquire().success();
    c.tryAcquire().failure("y");
    c.tryAcquire().ignore();
    brama.call("a", () -> "ok");
    try {
      brama.call("a", () -> {
        throw new IOException("down");
      });
    } catch (IOException expected) {
      // counted as a failure
    }
    assertThat(brama.calls("a")).isEqualTo(new CallCounts(3, 3, 1, 0, 0));
    assertThat(c.calls()).isEqualTo(brama.calls("a"));
  }

  @Test
  void refusalsCountAsRejected() {
    counting(BramaConfig.builder().maxAttempts(1).expiry(Duration.ofSeconds(10))).register("a");
    brama.failure("a");
    assertThat(brama.available("a")).isFalse();
    assertThat(brama.tryAcquire("a").granted()).isFalse();
    assertThatThrownBy(() -> brama.call("a", () -> "x")).isInstanceOf(CircuitOpenException.class);
    assertThat(brama.call("a", () -> "x", e -> "fallback")).isEqualTo("fallback");
    assertThat(brama.calls("a")).isEqualTo(new CallCounts(0, 1, 0, 4, 0));

    clock.advance(Duration.ofSeconds(10));
    Permit trial = brama.tryAcquire("a");
    assertThat(brama.available("a")).isFalse(); // the one trial slot is taken
    trial.ignore();
    assertThat(brama.calls("a")).isEqualTo(new CallCounts(0, 1, 1, 5, 0));
  }

  @Test
  void slowCallsAreCountedBesideTheirOutcome() {
    counting(BramaConfig.builder().failurePolicy(FailurePolicy.rate(100, 100, 100))
        .slowCall(Duration.ofMillis(100), 100)).register("a");
    brama.tryAcquire("a").success(Duration.ofMillis(50));
    brama.tryAcquire("a").success(Duration.ofMillis(150));
    brama.tryAcquire("a").failure("late", Duration.ofMillis(200));
    assertThat(brama.calls("a")).isEqualTo(new CallCounts(2, 1, 0, 0, 2));
  }

  @Test
  void unregisteredConnectionsHaveNoCounts() {
    Circuit c = counting(BramaConfig.builder()).register("a");
    brama.unregister("a");
    assertThatThrownBy(c::calls).isInstanceOf(UnknownConnectionException.class);
    assertThatThrownBy(() -> brama.calls("a")).isInstanceOf(UnknownConnectionException.class);
  }

  @Test
  void concurrentCallsAreCountedExactly() throws InterruptedException {
    Circuit c = counting(BramaConfig.builder().maxAttempts(1_000_000)).register("a");
    int threads = 4;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          if (n % 2 == 0) {
            c.call(() -> "ok");
          } else {
            c.failure("x");
            c.success();
          }
        }
      });
      thread.start();
      all.add(thread);
    }
    start.countDown();
    for (Thread t : all) {
      t.join();
    }
    assertThat(c.calls()).isEqualTo(new CallCounts(threads * perThread, 2L * perThread, 0, 0, 0));
  }
}
