package io.brama.policy;

import static io.brama.FailurePolicy.rate;
import static io.brama.fixtures.Stages.failureOf;
import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.policy.PolicyFixture.ID;
import static io.brama.policy.PolicyFixture.assertWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitBreaker;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.Registration;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * callTimeout on a ManualClock: {@code advance} runs the timers that became due before it returns
 * (the awaits below are then immediate). To show that something did NOT fire, a later deadline is
 * made to fire first: deadlines fire in order.
 */
class CallTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private Brama start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    brama.register(ID);
    return brama;
  }

  private static BramaConfig.Builder consecutive() {
    return BramaConfig.builder().maxAttempts(3).expiry(EXPIRY).callTimeout(TIMEOUT);
  }

  /** Starts a call on {@code id} that never completes and waits until it has timed out. */
  private void timeOutOneCall(String id, Duration after) {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync(id, () -> never);
    clock.advance(after);
    awaitUntil(f::isDone);
  }

  @Test
  void aStageNotCompleteInTimeFailsWithTimeoutException() {
    start(consecutive());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> source);
    assertThat(result).isNotDone();

    clock.advance(TIMEOUT);
    awaitUntil(result::isDone);

    Throwable cause = failureOf(result);
    assertThat(cause).isInstanceOf(TimeoutException.class);
    assertThat(source).as("the source stage is cancelled").isCancelled();
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).isEqualTo(1);
    assertThat(s.lastFailureReason()).isSameAs(cause);
    assertThat(s.lastFailureAt()).isEqualTo(T0.plus(TIMEOUT));
    assertThat(s.lastSuccessAt()).isNull();
  }

  @Test
  void theTimeoutDoesNotFireBeforeTheDeadline() {
    brama = TestBrama.newBrama(clock, consecutive());
    brama.register(ID);
    brama.register("short", Registration.builder()
        .config(ConnectionConfig.builder().callTimeout(Duration.ofMillis(100)).build()).build());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> longer = brama.callAsync(ID, () -> source); // due T0 + 1 s

    clock.advance(Duration.ofMillis(899));
    timeOutOneCall("short", Duration.ofMillis(100)); // due and fired at T0 + 999 ms

    assertThat(longer).isNotDone();
    assertThat(source).isNotCancelled();
    assertThat(brama.status(ID).failureCount()).isZero();

    clock.advance(Duration.ofMillis(2));
    awaitUntil(longer::isDone);
    assertThat(failureOf(longer)).isInstanceOf(TimeoutException.class);
    assertThat(brama.status(ID).failureCount()).isEqualTo(1);
  }

  @Test
  void completingBeforeTheDeadlineIsANormalCall() {
    start(consecutive());
    brama.failure(ID, "earlier");
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> source);
    clock.advance(TIMEOUT.minusMillis(1));
    source.complete("value");

    assertThat(result.join()).isEqualTo("value");
    assertThat(brama.status(ID).failureCount()).as("a success").isZero();

    clock.advance(Duration.ofSeconds(5)); // long past the first call's deadline
    timeOutOneCall(ID, TIMEOUT); // fires after the first deadline would have
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).as("only the second call timed out").isEqualTo(1);
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plus(TIMEOUT).minusMillis(1));
  }

  @Test
  void failingBeforeTheDeadlineRecordsThatFailure() {
    start(consecutive());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> source);
    IOException boom = new IOException("boom");
    source.completeExceptionally(boom);
    assertThat(failureOf(result)).isSameAs(boom);

    clock.advance(Duration.ofSeconds(5));
    timeOutOneCall(ID, TIMEOUT);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).isEqualTo(2);
    assertThat(s.lastFailureReason()).isInstanceOf(TimeoutException.class);
  }

  @Test
  void aLateCompletionOfTheSourceIsIgnored() {
    start(consecutive());
    CompletableFuture<String> source = new CompletableFuture<>();
    // a stage that cannot be cancelled through the one the action returns
    CompletableFuture<String> result = brama.callAsync(ID,
        () -> source.minimalCompletionStage());
    clock.advance(TIMEOUT);
    awaitUntil(result::isDone);

    source.complete("late");

    assertThat(failureOf(result)).isInstanceOf(TimeoutException.class);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).isEqualTo(1);
    assertThat(s.lastSuccessAt()).isNull();
  }

  @Test
  void withoutACallTimeoutAStageMayTakeForever() {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().maxAttempts(3).expiry(EXPIRY));
    brama.register(ID);
    brama.register("guarded", Registration.builder()
        .config(ConnectionConfig.builder().callTimeout(TIMEOUT).build()).build());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> unguarded = brama.callAsync(ID, () -> source);

    clock.advance(Duration.ofHours(1));
    timeOutOneCall("guarded", TIMEOUT);

    assertThat(unguarded).isNotDone();
    assertThat(source).isNotCancelled();
    assertThat(brama.status(ID).failureCount()).isZero();
  }

  @Test
  void theSynchronousCallHasNoTimeout() throws Exception {
    start(consecutive());
    brama.failure(ID, "earlier");
    String r = brama.call(ID, () -> {
      clock.advance(Duration.ofHours(1));
      return "slow but fine";
    });
    assertThat(r).isEqualTo("slow but fine");
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).isZero();
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void aCallerCancellationIsNotATimeout() {
    start(consecutive());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> source);
    result.cancel(true);
    assertThat(source).isCancelled();

    clock.advance(Duration.ofSeconds(5));
    timeOutOneCall(ID, TIMEOUT);
    assertThat(brama.status(ID).failureCount()).as("only the second call").isEqualTo(1);
  }

  @Test
  void aTimeoutCountsInARateWindow() {
    start(BramaConfig.builder().failurePolicy(rate(50, 10, 10)).expiry(EXPIRY)
        .callTimeout(TIMEOUT));
    timeOutOneCall(ID, TIMEOUT);
    assertWindow(brama.status(ID).window(), 1, 1, 0);
  }

  @Test
  void aTimeoutLongerThanTheSlowThresholdIsAFailureAndSlow() {
    start(BramaConfig.builder().failurePolicy(rate(50, 10, 10)).expiry(EXPIRY)
        .slowCall(Duration.ofMillis(100), 100).callTimeout(TIMEOUT));
    timeOutOneCall(ID, TIMEOUT);
    assertWindow(brama.status(ID).window(), 1, 1, 1);
  }

  @Test
  void aTimedOutTrialReopens() {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY).callTimeout(TIMEOUT));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);

    timeOutOneCall(ID, TIMEOUT);

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.openedAt()).isEqualTo(T0.plus(EXPIRY).plus(TIMEOUT));
    assertThat(s.lastFailureReason()).isInstanceOf(TimeoutException.class);
  }

  /** Decorated interface (public for the proxy). */
  public interface AsyncService {
    @CircuitBreaker(ID)
    CompletableFuture<String> fetch();

    @CircuitBreaker(ID)
    CompletionStage<String> stage();
  }

  @Test
  void asyncAnnotatedMethodsTimeOut() {
    start(consecutive());
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    AsyncService service = brama.decorate(AsyncService.class, new AsyncService() {
      @Override
      public CompletableFuture<String> fetch() {
        return first;
      }

      @Override
      public CompletionStage<String> stage() {
        return second;
      }
    });
    CompletableFuture<String> a = service.fetch();
    CompletableFuture<String> b = service.stage().toCompletableFuture();
    clock.advance(TIMEOUT);
    awaitUntil(() -> a.isDone() && b.isDone());

    assertThat(failureOf(a)).isInstanceOf(TimeoutException.class);
    assertThat(failureOf(b)).isInstanceOf(TimeoutException.class);
    assertThat(first).isCancelled();
    assertThat(second).isCancelled();
    assertThat(brama.status(ID).failureCount()).isEqualTo(2);
  }

  @Test
  void anAsyncAnnotatedMethodCompletingInTimeIsNormal() {
    start(consecutive());
    brama.failure(ID, "earlier");
    CompletableFuture<String> source = new CompletableFuture<>();
    AsyncService service = brama.decorate(AsyncService.class, new AsyncService() {
      @Override
      public CompletableFuture<String> fetch() {
        return source;
      }

      @Override
      public CompletionStage<String> stage() {
        return source;
      }
    });
    CompletableFuture<String> f = service.fetch();
    clock.advance(Duration.ofMillis(500));
    source.complete("ok");
    assertThat(f.join()).isEqualTo("ok");
    assertThat(brama.status(ID).failureCount()).isZero();
  }

  @Test
  void invalidTimeoutsAreRejected() {
    assertThatThrownBy(() -> BramaConfig.builder().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeout must be > 0, was PT0S");
    assertThatThrownBy(() -> ConnectionConfig.builder().callTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout must be > 0, was PT-0.001S");
    assertThatThrownBy(() -> BramaConfig.builder().callTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("callTimeout must not be null");
    assertThat(BramaConfig.defaults().callTimeout()).isEmpty();
    assertThat(BramaConfig.builder().callTimeout(TIMEOUT).build().callTimeout()).contains(TIMEOUT);
  }
}
