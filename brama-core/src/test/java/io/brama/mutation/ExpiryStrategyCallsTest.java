package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.ExpiryStrategy;
import io.brama.fixtures.TestBrama;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The expiry strategy is asked exactly once per open (also when the open's computation is retried
 * because the connection changed meanwhile), afresh for every open, and an invalid answer is logged
 * at ERROR and replaced by the last valid expiry.
 */
class ExpiryStrategyCallsTest {
  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  @AutoClose
  private final LogCapture log = new LogCapture();

  private static BramaConfig.Builder config(ExpiryStrategy strategy) {
    return BramaConfig.builder().maxAttempts(1).expiryStrategy(strategy)
        .cleanupInterval(TestBrama.NO_SWEEP);
  }

  /** Answers u from the list, one per call. */
  private static RandomGenerator draws(double... u) {
    AtomicInteger i = new AtomicInteger();
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return u[i.getAndIncrement()];
      }
    };
  }

  @Test
  void anOpenWhoseComputationIsRetriedAsksTheStrategyOnce() {
    AtomicReference<Brama> self = new AtomicReference<>();
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger armed = new AtomicInteger();
    ExpiryStrategy strategy = n -> {
      asked.incrementAndGet();
      if (armed.getAndSet(0) == 1) {
        // Another change of the connection lands while the open is being computed.
        self.get().configure("a", ConnectionConfig.empty());
      }
      return Duration.ofSeconds(10);
    };
    brama = direct(clock, config(strategy));
    self.set(brama);
    brama.register("a");
    asked.set(0);
    armed.set(1);

    brama.failure("a", "down");

    ConnectionStatus s = brama.status("a");
    assertThat(asked).hasValue(1);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(T0);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void everyOpenDrawsAFreshJitterEvenForTheSameOpenNumber() {
    // u = 0.0 -> 10 s * 0.5; u = 0.75 -> 10 s * 1.25
    brama = direct(clock, config(ExpiryStrategy.fixed(Duration.ofSeconds(10))
        .withJitter(0.5, draws(0.0, 0.75))));
    brama.register("a");

    brama.failure("a", "down");
    assertThat(brama.status("a").halfOpensAt()).isEqualTo(T0.plusSeconds(5));
    brama.reset("a");
    brama.failure("a", "down again");

    ConnectionStatus s = brama.status("a");
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusMillis(12_500));
  }

  @Test
  void aStrategyReturningNullIsLoggedAtErrorAndTheDefaultExpiryIsUsed() {
    brama = direct(clock, config(n -> null));
    brama.register("a");

    brama.failure("a", "down");

    assertThat(brama.status("a").halfOpensAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(log.text()).contains("SEVERE: expiry strategy ").contains("of connection 'a'")
        .contains("returned null for open #1").contains("Using the last valid expiry PT1M");
  }

  @Test
  void aJitteredStrategyPassesAZeroBaseThroughToBeReported() {
    ExpiryStrategy zero = n -> n == 1 ? Duration.ofSeconds(4) : Duration.ZERO;
    ExpiryStrategy jittered = zero.withJitter(0.5, draws(0.5, 0.5, 0.5));
    assertThat(jittered.expiryAfter(2)).isEqualTo(Duration.ZERO);
    assertThat(((ExpiryStrategy) n -> Duration.ofSeconds(-1)).withJitter(0.5).expiryAfter(1))
        .isEqualTo(Duration.ofSeconds(-1));

    brama = direct(clock, config(zero.withJitter(0.5, draws(0.5, 0.5, 0.5))));
    brama.register("a");
    brama.failure("a", "down"); // open #1: 4 s (u = 0.5: no jitter)
    clock.advance(Duration.ofSeconds(4));
    brama.tryAcquire("a").failure("trial failed"); // open #2: the base says zero

    ConnectionStatus s = brama.status("a");
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(8)); // the last valid expiry: 4 s
    assertThat(log.text()).contains("SEVERE: expiry strategy ").contains(".withJitter(0.5)")
        .contains("returned PT0S for open #2").doesNotContain("returned null");
  }

  @Test
  void aThrowingStrategyIsLoggedAtErrorWithItsException() {
    RuntimeException boom = new IllegalStateException("strategy bug (expected by the test)");
    AtomicInteger calls = new AtomicInteger();
    brama = direct(clock, config(n -> {
      if (calls.incrementAndGet() > 1) {
        throw boom;
      }
      return Duration.ofSeconds(3);
    }));
    brama.register("a");
    brama.failure("a", "down");
    clock.advance(Duration.ofSeconds(3));
    brama.tryAcquire("a").failure("trial failed");

    Instant reopened = T0.plusSeconds(3);
    assertThat(brama.status("a").halfOpensAt()).isEqualTo(reopened.plusSeconds(3));
    assertThat(log.text()).contains("SEVERE: expiry strategy ")
        .contains("of connection 'a' threw for open #2; using the last valid expiry PT3S")
        .contains("java.lang.IllegalStateException: strategy bug (expected by the test)");
  }

  @Test
  void strategiesDescribeThemselvesForTheLog() {
    assertThat(ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0))
        .hasToString("progressive(PT5S, PT5M, 2.0)");
    assertThat(ExpiryStrategy.fixed(Duration.ofSeconds(10)).withJitter(0.2))
        .hasToString("fixed(PT10S).withJitter(0.2)");
  }
}
