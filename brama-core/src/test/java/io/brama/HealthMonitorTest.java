package io.brama;

import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health monitor's rules (the state table's Rules S3 and S16) on a ManualClock: probes are
 * ticks of the injected clock; checks are answered by the test ({@link Scripted}).
 */
class HealthMonitorTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  private final Brama brama = newBrama(clock, 3, EXPIRY);
  private final Scripted check = new Scripted();

  @AfterEach
  void close() {
    check.release();
    brama.close();
  }

  /** A check whose answer the test sets, that can be held until released, and counts its runs. */
  static final class Scripted implements HealthCheck {
    final AtomicReference<Health> answer = new AtomicReference<>(Health.healthy());
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicBoolean interrupted = new AtomicBoolean();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile boolean ignoreInterrupts;

    @Override
    public Health check() throws InterruptedException {
      runs.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        for (;;) {
          try {
            hold.await();
            break;
          } catch (InterruptedException e) {
            interrupted.set(true);
            if (!ignoreInterrupts) {
              throw e;
            }
          }
        }
        return answer.get();
      } finally {
        running.decrementAndGet();
        finished.incrementAndGet();
      }
    }

    void holdProbes() {
      hold = new CountDownLatch(1);
    }

    void release() {
      hold.countDown();
    }
  }

  private void tick() {
    clock.advance(INTERVAL);
  }

  private ConnectionStatus status() {
    return brama.status("db");
  }

  @Test
  void failedProbesAddFailuresUntilTheCircuitOpens() {
    brama.register("db");
    check.answer.set(Health.unhealthy("HTTP 503"));
    HealthMonitor monitor = brama.monitor("db", check, INTERVAL);

    awaitUntil(() -> status().failureCount() == 1);
    tick();
    awaitUntil(() -> status().failureCount() == 2);
    tick();
    awaitUntil(() -> status().state() == CircuitState.OPEN);
    assertThat(status().lastFailureReason()).isEqualTo("HTTP 503");
    assertThat(monitor.lastHealth()).isEqualTo(Health.unhealthy("HTTP 503"));
  }

  @Test
  void aHealthyProbeNeverResetsTheFailureCount() {
    brama.register("db");
    brama.failure("db", "timeout");
    brama.failure("db", "timeout");
    HealthMonitor monitor = brama.monitor("db", check, INTERVAL, Duration.ofSeconds(30));

    awaitUntil(() -> monitor.probes() == 1);
    tick();
    awaitUntil(() -> monitor.probes() == 2);
    assertThat(status().failureCount()).isEqualTo(2);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    brama.success("db"); // traffic still resets it
    assertThat(status().failureCount()).isZero();
  }

  @Test
  void theTrialIsTheProbesAndCallersWaitForItsVerdict() {
    brama.register("db");
    for (int i = 0; i < 3; i++) {
      brama.failure("db", "down");
    }
    check.holdProbes();
    HealthMonitor monitor = brama.monitor("db", check, INTERVAL);

    clock.advance(EXPIRY);
    awaitUntil(() -> check.runs.get() == 1); // the trial probe, at the expiry
    assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(status().activeTrials()).isEqualTo(1);
    assertThat(brama.available("db")).isFalse();
    Permit refused = brama.tryAcquire("db");
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAfter()).isPositive();

    check.release();
    awaitUntil(() -> status().state() == CircuitState.CLOSED);
    assertThat(brama.available("db")).isTrue();
    assertThat(monitor.lastHealth().isHealthy()).isTrue();
  }

  @Test
  void aFailedTrialProbeOpensAgainAndTheNextTrialIsAtTheNextExpiry() {
    brama.register("db");
    check.answer.set(Health.unhealthy("still down"));
    brama.monitor("db", check, Duration.ofSeconds(30));
    awaitUntil(() -> status().failureCount() == 1);
    brama.failure("db", "x");
    brama.failure("db", "x");
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);

    clock.advance(EXPIRY); // before the 30 s interval: the trial comes at the expiry
    awaitUntil(() -> status().state() == CircuitState.OPEN && status().consecutiveOpens() == 2);
    assertThat(check.runs.get()).isEqualTo(2);
    assertThat(status().lastFailureReason()).isEqualTo("still down");

    check.answer.set(Health.healthy());
    clock.advance(EXPIRY);
    awaitUntil(() -> status().state() == CircuitState.CLOSED);
    assertThat(check.runs.get()).isEqualTo(3);
  }

  @Test
  void aDependencyWithoutTrafficRecoversThroughItsProbes() {
    brama.register("db");
    check.answer.set(Health.unhealthy("refused"));
    brama.monitor("db", check, INTERVAL);
    awaitUntil(() -> status().failureCount() == 1);
    tick();
    awaitUntil(() -> status().failureCount() == 2);
    tick();
    awaitUntil(() -> status().state() == CircuitState.OPEN);

    check.answer.set(Health.healthy());
    clock.advance(EXPIRY);
    awaitUntil(() -> status().state() == CircuitState.CLOSED);
  }

  @Test
  void aProbePastItsTimeoutFailsAndIsInterrupted() {
    brama.register("db");
    check.holdProbes();
    HealthMonitor monitor = brama.monitor("db", check, Duration.ofSeconds(5), Duration.ofSeconds(2));
    awaitUntil(() -> check.runs.get() == 1);

    clock.advance(Duration.ofSeconds(2));
    awaitUntil(() -> status().failureCount() == 1 && check.interrupted.get());
    assertThat((String) status().lastFailureReason()).contains("did not answer within PT2S");
    awaitUntil(() -> monitor.probes() == 1);

    check.release();
    clock.advance(Duration.ofSeconds(3)); // the next probe answers healthy: nothing changes
    awaitUntil(() -> monitor.probes() == 2);
    assertThat(status().failureCount()).isEqualTo(1);
  }

  @Test
  void probesNeverOverlapAndAStuckProbeFailsEveryTick() {
    brama.register("db");
    check.holdProbes();
    check.ignoreInterrupts = true;
    HealthMonitor monitor = brama.monitor("db", check, INTERVAL, Duration.ofMillis(500));
    awaitUntil(() -> check.runs.get() == 1);

    clock.advance(Duration.ofMillis(500)); // timed out: failure 1
    awaitUntil(() -> status().failureCount() == 1);
    clock.advance(Duration.ofMillis(500)); // the next tick: still running, failure 2
    awaitUntil(() -> status().failureCount() == 2);
    assertThat((String) status().lastFailureReason()).contains("still running after PT1S");
    tick();
    awaitUntil(() -> status().state() == CircuitState.OPEN);
    assertThat(check.runs.get()).isEqualTo(1);
    assertThat(check.mostAtOnce.get()).isEqualTo(1);

    check.release();
    awaitUntil(() -> monitor.probes() == 1);
    clock.advance(EXPIRY);
    awaitUntil(() -> status().state() == CircuitState.CLOSED); // a fresh probe was the trial
    assertThat(check.runs.get()).isEqualTo(2);
    assertThat(check.mostAtOnce.get()).isEqualTo(1);
    assertThat(monitor.isRunning()).isTrue();
  }

  @Test
  void aCheckThatThrowsOrAnswersNullIsAFailedProbe() {
    brama.register("a");
    brama.register("b");
    IllegalStateException boom = new IllegalStateException("boom");
    brama.monitor("a", () -> {
      throw boom;
    }, INTERVAL);
    brama.monitor("b", () -> null, INTERVAL);
    awaitUntil(() -> brama.status("a").failureCount() == 1 && brama.status("b").failureCount() == 1);
    assertThat(brama.status("a").lastFailureReason()).isSameAs(boom);
    assertThat((String) brama.status("b").lastFailureReason()).contains("returned null");
  }

  @Test
  void stoppingGivesTheTrialBackToTraffic() {
    brama.register("db");
    for (int i = 0; i < 3; i++) {
      brama.failure("db");
    }
    check.holdProbes();
    HealthMonitor monitor = brama.monitor("db", check, INTERVAL);
    clock.advance(EXPIRY);
    awaitUntil(() -> check.runs.get() == 1);
    assertThat(brama.available("db")).isFalse();

    monitor.stop();
    assertThat(monitor.isRunning()).isFalse();
    awaitUntil(check.interrupted::get);
    assertThat(status().activeTrials()).isZero();
    Permit trial = brama.tryAcquire("db");
    assertThat(trial.granted()).isTrue();
    trial.success();
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    monitor.stop(); // idempotent
  }

  /**
   * The first tick runs on the timer thread while the test thread moves the clock past the expiry:
   * a probe granted after the move must be timed from the grant, not from the tick's earlier
   * instant (which failed the trial at once as "did not answer within").
   */
  @Test
  void aProbeGrantedAfterTheClockMovedIsTimedFromItsGrant() {
    for (int round = 0; round < 300; round++) {
      ManualClock c = new ManualClock();
      Scripted held = new Scripted();
      held.holdProbes();
      try (Brama b = newBrama(c, 1, EXPIRY)) {
        b.register("db");
        b.failure("db");
        b.monitor("db", held, INTERVAL); // its first tick is due now: the timer thread runs it
        c.advance(EXPIRY);
        org.awaitility.Awaitility.await().atMost(TestBrama.WAIT).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1)).until(() -> held.runs.get() == 1);
        assertThat(b.status("db").state()).as("round %d", round).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.status("db").lastFailureReason()).as("round %d", round).isNull();
      } finally {
        held.release();
      }
    }
  }

  @Test
  void oneMonitorPerConnectionUntilItStops() {
    brama.register("db");
    HealthMonitor first = brama.monitor("db", check, INTERVAL);
    assertThatThrownBy(() -> brama.monitor("db", check, INTERVAL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection 'db' already has a health monitor; stop it before starting another");
    first.close();
    HealthMonitor second = brama.monitor("db", check, INTERVAL);
    assertThat(second.isRunning()).isTrue();
    assertThat(second.id()).isEqualTo("db");
    assertThat(second.interval()).isEqualTo(INTERVAL);
    assertThat(second.timeout()).isEqualTo(INTERVAL);
  }

  @Test
  void unregisterAndCloseStopTheMonitor() {
    brama.register("a");
    brama.register("b");
    HealthMonitor a = brama.monitor("a", check, INTERVAL);
    HealthMonitor b = brama.monitor("b", check, INTERVAL);
    awaitUntil(() -> a.probes() == 1 && b.probes() == 1);

    brama.unregister("a");
    assertThat(a.isRunning()).isFalse();
    assertThat(b.isRunning()).isTrue();
    brama.close();
    assertThat(b.isRunning()).isFalse();
  }

  @Test
  void badArgumentsAreRefusedWithClearMessages() {
    brama.register("db");
    assertThatThrownBy(() -> brama.monitor("db", null, INTERVAL))
        .isInstanceOf(NullPointerException.class).hasMessage("check must not be null");
    assertThatThrownBy(() -> brama.monitor("db", check, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be > 0, was PT0S");
    assertThatThrownBy(() -> brama.monitor("db", check, INTERVAL, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, was PT-1S");
    assertThatThrownBy(() -> brama.monitor("nope", check, INTERVAL))
        .isInstanceOf(UnknownConnectionException.class);
    assertThatThrownBy(() -> Health.unhealthy(null))
        .isInstanceOf(NullPointerException.class).hasMessage("reason must not be null");
  }
}
