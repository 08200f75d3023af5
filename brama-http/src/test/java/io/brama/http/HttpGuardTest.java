package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client-independent part on its own, as the OkHttp and Apache modules use it. */
class HttpGuardTest {
  private static final URI URI_A = URI.create("https://a.example.com/x");
  private static final String ID = "a.example.com:443";
  private final ManualClock clock = new ManualClock();
  private final Brama brama = Brama.builder()
      .config(BramaConfig.builder().maxAttempts(2).expiry(Duration.ofSeconds(10)).build())
      .clock(clock).eventExecutor(Runnable::run).countCalls(true).build();
  private final HttpGuard guard = HttpGuard.of(brama, HttpRules.defaults());

  @AfterEach
  void close() {
    brama.close();
  }

  /** Rule W7: one outcome per call. */
  @Test
  void exactlyTheFirstOutcomeIsRecorded() {
    HttpCall call = guard.begin(URI_A);
    assertThat(call.connectionId()).isEqualTo(ID);
    assertThat(call.admitted()).isTrue();
    assertThat(call.response(500, null, null)).isTrue();
    assertThat(call.response(200, null, null)).isFalse();
    assertThat(call.failed(new IOException("late"))).isFalse();
    assertThat(call.cancelled()).isFalse();
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W2. */
  @Test
  void aRefusedCallCarriesTheRejectionAndRecordsNothingMore() {
    guard.begin(URI_A).response(503, null, null);
    guard.begin(URI_A).response(503, null, null);
    HttpCall refused = guard.begin(URI_A);
    assertThat(refused.admitted()).isFalse();
    CircuitOpenException rejection = refused.rejection();
    assertThat(rejection.connection()).isEqualTo(ID);
    assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(refused.response(200, null, null)).isFalse();
    assertThat(refused.failed(new IOException())).isFalse();
    assertThat(refused.cancelled()).isFalse();
    assertThat(refused.onTimeout(e -> { })).isFalse();
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(0, 2, 0, 1, 0));
  }

  @Test
  void anAdmittedCallHasNoRejection() {
    HttpCall call = guard.begin(URI_A);
    assertThatThrownBy(call::rejection).isInstanceOf(IllegalStateException.class)
        .hasMessage("the call to '" + ID + "' was admitted, not refused");
  }

  /** Rules W5 and W6. */
  @Test
  void wrappersAreLookedThroughAndCancellationsIgnored() {
    guard.begin(URI_A).failed(new CompletionException(new ExecutionException(
        new IOException("reset"))));
    assertThat(brama.status(ID).lastFailureReason()).isInstanceOf(IOException.class)
        .hasFieldOrPropertyWithValue("message", "reset");
    guard.begin(URI_A).failed(new CompletionException(new CancellationException()));
    guard.begin(URI_A).failed(new InterruptedException());
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(0, 1, 2, 0, 0));
  }

  /** Rule W4. */
  @Test
  void aRetryAfterOpensAHalfOpenCircuitAgainWithoutClosingItFirst() {
    brama.register(ID);
    brama.open(ID);
    clock.advance(Duration.ofSeconds(10));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
    guard.begin(URI_A).response(429, "30", null);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void onTimeoutIsSetOnce() {
    HttpCall call = guard.begin(URI_A);
    assertThat(call.onTimeout(e -> { })).as("no callTimeout configured").isFalse();
    assertThatThrownBy(() -> call.onTimeout(e -> { })).isInstanceOf(IllegalStateException.class);
  }

  /** Rule B1. */
  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> HttpGuard.of(null, HttpRules.defaults()))
        .isInstanceOf(NullPointerException.class).hasMessage("brama must not be null");
    assertThatThrownBy(() -> HttpGuard.of(brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("rules must not be null");
    assertThatThrownBy(() -> guard.begin(null))
        .isInstanceOf(NullPointerException.class).hasMessage("uri must not be null");
    HttpCall call = guard.begin(URI_A);
    assertThatThrownBy(() -> call.failed(null))
        .isInstanceOf(NullPointerException.class).hasMessage("error must not be null");
    assertThatThrownBy(() -> call.onTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("action must not be null");
  }

  @Test
  void aClosedBramaAdmitsNothing() {
    brama.close();
    assertThatThrownBy(() -> guard.begin(URI_A)).isInstanceOf(IllegalStateException.class);
  }
}
