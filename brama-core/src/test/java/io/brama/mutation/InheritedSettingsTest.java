package io.brama.mutation;

import static io.brama.fixtures.TestBrama.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.fixtures.TestBrama;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A connection's overrides replace only what they set: the slow-call rate comes with the slow-call
 * threshold that sets it (or is inherited with it), and the global callTimeout survives overrides of
 * other fields, both at register and at configure.
 */
class InheritedSettingsTest {
  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  /** One fast and one slow call: 50 % slow. */
  private void halfSlow(String id) {
    brama.tryAcquire(id).success(Duration.ofMillis(10));
    brama.tryAcquire(id).success(Duration.ofMillis(500));
  }

  @Test
  void theSlowCallRateComesWithItsThreshold() {
    brama = direct(clock, BramaConfig.builder().failurePolicy(FailurePolicy.rate(100, 2, 2))
        .slowCall(Duration.ofMillis(100), 50).cleanupInterval(TestBrama.NO_SWEEP));
    brama.register("own", Registration.builder()
        .config(ConnectionConfig.builder().slowCall(Duration.ofMillis(100), 80).build()).build());
    brama.register("inherits", Registration.builder()
        .config(ConnectionConfig.builder().halfOpenTrials(2).build()).build());
    brama.register("reconfigured");
    brama.configure("reconfigured", ConnectionConfig.builder().halfOpenTrials(3).build());

    halfSlow("own");
    halfSlow("inherits");
    halfSlow("reconfigured");

    assertThat(brama.status("own").state()).isEqualTo(CircuitState.CLOSED); // 50 % < 80 %
    assertThat(brama.status("inherits").state()).isEqualTo(CircuitState.OPEN); // 50 % >= 50 %
    assertThat(brama.status("reconfigured").state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theGlobalCallTimeoutSurvivesOverridesOfOtherFields() {
    brama = direct(clock, BramaConfig.builder().maxAttempts(3).callTimeout(Duration.ofSeconds(1))
        .cleanupInterval(TestBrama.NO_SWEEP));
    brama.register("a", Registration.builder()
        .config(ConnectionConfig.builder().maxAttempts(5).build()).build());
    brama.register("b");
    brama.configure("b", ConnectionConfig.builder().maxAttempts(5).build());

    CompletableFuture<String> a = brama.callAsync("a", CompletableFuture::new);
    CompletableFuture<String> b = brama.callAsync("b", CompletableFuture::new);
    clock.advance(Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> a.isDone() && b.isDone());
    for (CompletableFuture<String> f : java.util.List.of(a, b)) {
      assertThat(f).isCompletedExceptionally();
      assertThat(f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join())
          .isInstanceOf(TimeoutException.class);
    }
    assertThat(brama.status("a").failureCount()).isEqualTo(1);
    assertThat(brama.status("b").failureCount()).isEqualTo(1);
  }
}
