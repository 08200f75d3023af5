package io.brama.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.CheckedCallable;
import io.brama.EventType;
import io.brama.WindowStatus;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/** Shared set-up of the failure-policy tests (issue 4). */
final class PolicyFixture {
  static final Instant T0 = ManualClock.DEFAULT_START;
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String ID = "api";

  private PolicyFixture() {}

  static Brama brama(ManualClock clock, BramaConfig.Builder config) {
    return Brama.builder().config(config.build()).clock(clock).build();
  }

  static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(WAIT).until(condition);
  }

  /** Asserts the window's counts, and its rates computed from them. */
  static void assertWindow(WindowStatus w, int calls, int failures, int slowCalls) {
    assertThat(w).as("window").isNotNull();
    assertThat(w.calls()).as("calls").isEqualTo(calls);
    assertThat(w.failures()).as("failures").isEqualTo(failures);
    assertThat(w.slowCalls()).as("slowCalls").isEqualTo(slowCalls);
    assertThat(w.failureRatePercent()).as("failureRatePercent")
        .isCloseTo(calls == 0 ? 0 : 100.0 * failures / calls, within(1e-9));
    assertThat(w.slowCallRatePercent()).as("slowCallRatePercent")
        .isCloseTo(calls == 0 ? 0 : 100.0 * slowCalls / calls, within(1e-9));
  }

  /** An action that throws {@code t} (checked or not). */
  static CheckedCallable<Object, Exception> throwing(Throwable t) {
    return () -> {
      if (t instanceof Exception e) {
        throw e;
      }
      throw (Error) t;
    };
  }

  /** The exception a completed future failed with, unwrapped from CompletionException. */
  static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> f = stage.toCompletableFuture();
    assertThat(f).isCompletedExceptionally();
    Throwable e = f.handle((v, t) -> t).join();
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Collects events delivered on the event threads. */
  static final class Recorder implements BramaListener {
    final List<BramaEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(BramaEvent event) {
      events.add(event);
    }

    List<BramaEvent> of(EventType type) {
      return events.stream().filter(e -> e.type() == type).toList();
    }
  }

  /** A RandomGenerator whose nextDouble() returns the given values in turn (the last one repeats). */
  static final class Scripted implements RandomGenerator {
    private final double[] values;
    final AtomicInteger calls = new AtomicInteger();

    Scripted(double... values) {
      this.values = values;
    }

    @Override
    public double nextDouble() {
      int i = calls.getAndIncrement();
      return values[Math.min(i, values.length - 1)];
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("only nextDouble() is scripted");
    }
  }
}
