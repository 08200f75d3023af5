package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The rules through {@code sendAsync}, and what only an asynchronous call has: cancellation. */
class SendAsyncTest extends JdkClientTest {
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  HttpResponse<String> exchange(HttpClient client, HttpRequest request) throws Exception {
    try {
      return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private CompletableFuture<HttpResponse<String>> sendToAServerThatWaits() {
    server.holdUntil(release);
    return client.sendAsync(HttpRequest.newBuilder(server.uri("/")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Rule W7. */
  @Test
  void theOutcomeIsRecordedBeforeTheCallersFutureCompletes() throws Exception {
    server.answer(500);
    CallCounts seen = client.sendAsync(HttpRequest.newBuilder(server.uri("/")).build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> calls()).get(10, TimeUnit.SECONDS);
    assertThat(seen).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W2. */
  @Test
  void aRefusalFailsTheFutureWithoutTouchingTheNetwork() {
    brama.register(server.id());
    brama.open(server.id());
    CompletableFuture<HttpResponse<String>> refused = client.sendAsync(
        HttpRequest.newBuilder(server.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join).hasCauseInstanceOf(CircuitOpenException.class);
    assertThat(server.requests()).isZero();
  }

  /** Rule W6. */
  @Test
  void aCancelledFutureRecordsNothingAndCancelsTheExchange() {
    try {
      CompletableFuture<HttpResponse<String>> pending = sendToAServerThatWaits();
      await().until(() -> server.requests() == 1);
      assertThat(pending.cancel(true)).isTrue();
      assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
      assertThat(status().failureCount()).isZero();
    } finally {
      release.countDown();
    }
  }

  /** Rule W6: a cancelled trial never leaves HALF_OPEN stuck. */
  @Test
  void aCancelledTrialFreesItsSlotForTheNextCaller() throws Exception {
    brama.register(server.id());
    brama.open(server.id());
    clock.advance(EXPIRY);
    try {
      CompletableFuture<HttpResponse<String>> trial = sendToAServerThatWaits();
      await().until(() -> server.requests() == 1);
      trial.cancel(true);
    } finally {
      release.countDown();
    }
    assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
    server.answer(200);
    assertThat(get("/").status()).isEqualTo(200);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W7. */
  @Test
  void callTimeoutFailsTheFutureWithTheRecordedTimeout() throws Exception {
    configure(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(1)));
    try {
      CompletableFuture<HttpResponse<String>> pending = sendToAServerThatWaits();
      await().until(() -> server.requests() == 1);
      clock.advance(Duration.ofMillis(999));
      assertThat(pending).isNotDone();
      clock.advance(Duration.ofMillis(1));
      assertThat(pending).isCompletedExceptionally();
      assertThatThrownBy(pending::join).hasCauseInstanceOf(TimeoutException.class)
          .satisfies(e -> assertThat(e.getCause()).isSameAs(status().lastFailureReason()));
    } finally {
      release.countDown();
    }
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W7. */
  @Test
  void anAnswerBeforeTheCallTimeoutCancelsIt() throws Exception {
    configure(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(1)));
    server.answer(200);
    get("/");
    clock.advance(Duration.ofMinutes(1));
    assertThat(calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  /** Rules W6 and W7. */
  @Test
  void aCancellationAfterTheAnswerChangesNothing() throws Exception {
    server.answer(200);
    CompletableFuture<HttpResponse<String>> done = client.sendAsync(
        HttpRequest.newBuilder(server.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
    done.get(10, TimeUnit.SECONDS);
    assertThat(done.cancel(true)).isFalse();
    assertThat(done.getNow(null).statusCode()).isEqualTo(200);
    assertThat(calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }
}
