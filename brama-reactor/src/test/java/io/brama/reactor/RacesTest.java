package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Sinks;

/**
 * Rules R7 and T1 on real threads: whatever the race between the source's signals, the subscriber's
 * cancellation and the timeout, each subscription records exactly one outcome, and the subscriber
 * gets its signals one at a time, nothing after the terminal one.
 */
class RacesTest extends GuardedTest {
  private static final int ROUNDS = 2_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private final ExecutorService threads = Executors.newFixedThreadPool(3);

  /** A timeout that fires as the subscriber cancels reaches a cancelled subscriber: dropped. */
  private final List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void collectDropped() {
    Hooks.onErrorDropped(dropped::add);
  }

  @AfterEach
  void stop() throws InterruptedException {
    Hooks.resetOnErrorDropped();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(dropped).allMatch(TimeoutException.class::isInstance);
  }

  @Test
  void aMonosValueCancellationAndTimeoutRecordOnce() throws Exception {
    start(rules().maxAttempts(Integer.MAX_VALUE).callTimeout(TIMEOUT));
    int valuesSeen = 0;
    int timeoutsSeen = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      Sinks.One<String> remote = Sinks.one();
      Recorder<String> subscriber = new Recorder<>();
      remote.asMono().transformDeferred(guard()).subscribe(subscriber);
      CallCounts before = circuit.calls();

      race(() -> remote.tryEmitValue("v"), subscriber::cancel, () -> clock.advance(TIMEOUT));

      CallCounts after = circuit.calls();
      assertThat(total(after)).as("round %d", round).isEqualTo(round);
      assertThat(subscriber.violations).as("round %d", round).hasValue(0);
      if (subscriber.values.get() == 1) {
        valuesSeen++;
        assertThat(after.successes()).isEqualTo(before.successes() + 1);
      }
      if (subscriber.error instanceof TimeoutException) {
        timeoutsSeen++;
        assertThat(after.failures()).isEqualTo(before.failures() + 1);
      }
    }
    assertThat(valuesSeen + timeoutsSeen).as("the race went more than one way").isPositive();
  }

  @Test
  void aFluxsElementsCompletionCancellationAndTimeoutRecordOnce() throws Exception {
    start(rules().maxAttempts(Integer.MAX_VALUE).callTimeout(TIMEOUT));
    for (int round = 1; round <= ROUNDS; round++) {
      Sinks.Many<Integer> remote = Sinks.many().unicast().onBackpressureBuffer();
      Recorder<Integer> subscriber = new Recorder<>();
      remote.asFlux().transformDeferred(guard()).subscribe(subscriber);

      race(() -> {
        for (int i = 0; i < 20; i++) {
          remote.tryEmitNext(i);
        }
        remote.tryEmitComplete();
      }, () -> {
        if (subscriber.values.get() % 2 == 0) {
          subscriber.cancel();
        }
      }, () -> clock.advance(TIMEOUT));

      assertThat(total(circuit.calls())).as("round %d", round).isEqualTo(round);
      assertThat(subscriber.violations).as("round %d", round).hasValue(0);
      assertThat(subscriber.terminals).as("round %d", round).hasValueLessThanOrEqualTo(1);
    }
  }

  private static long total(CallCounts counts) {
    return counts.successes() + counts.failures() + counts.ignored();
  }

  private void race(Runnable... actions) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = java.util.Arrays.stream(actions).<Future<?>>map(action ->
        threads.submit(() -> {
          go.await();
          action.run();
          return null;
        })).toList();
    go.countDown();
    for (Future<?> f : running) {
      f.get(10, TimeUnit.SECONDS);
    }
  }

  /** Counts signals, and any signal that overlaps another or follows the terminal one. */
  private static final class Recorder<T> extends BaseSubscriber<T> {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger violations = new AtomicInteger();
    final AtomicInteger values = new AtomicInteger();
    final AtomicInteger terminals = new AtomicInteger();
    volatile Throwable error;

    private void enter() {
      if (inside.getAndIncrement() != 0 || terminals.get() != 0) {
        violations.incrementAndGet();
      }
    }

    @Override
    protected void hookOnNext(T value) {
      enter();
      values.incrementAndGet();
      inside.decrementAndGet();
    }

    @Override
    protected void hookOnComplete() {
      enter();
      terminals.incrementAndGet();
      inside.decrementAndGet();
    }

    @Override
    protected void hookOnError(Throwable e) {
      enter();
      error = e;
      terminals.incrementAndGet();
      inside.decrementAndGet();
    }
  }
}
