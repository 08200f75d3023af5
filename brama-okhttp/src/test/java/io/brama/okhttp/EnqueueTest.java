package io.brama.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The rules through {@code enqueue}, and what only a call the caller can abandon has:
 * cancellation and timeouts.
 */
class EnqueueTest extends OkHttpRulesTest {
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  Answer exchange(OkHttpClient client, Request request) throws Exception {
    try {
      return enqueue(client.newCall(request)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * Enqueues {@code call}; the future completes with what the callback read, or fails with what
   * it was given, and holds the call counts the callback saw.
   */
  private CompletableFuture<Answer> enqueue(Call call) {
    CompletableFuture<Answer> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        try {
          result.complete(read(response));
        } catch (IOException e) {
          result.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private Call callToAServerThatWaits() {
    server.holdUntil(release);
    return client.newCall(request("/"));
  }

  /** Rule W7: the callback already sees the outcome. */
  @Test
  void theOutcomeIsRecordedBeforeTheCallbackIsCalled() throws Exception {
    server.answer(500);
    CompletableFuture<CallCounts> seen = new CompletableFuture<>();
    client.newCall(request("/"))
        .enqueue(new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            response.close();
            seen.complete(calls());
          }

          @Override
          public void onFailure(Call c, IOException e) {
            seen.completeExceptionally(e);
          }
        });
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W6. */
  @Test
  void aCancelledCallRecordsNothing() throws Exception {
    server.answer(500);
    get("/");
    try {
      Call call = callToAServerThatWaits();
      CompletableFuture<Answer> pending = enqueue(call);
      await().until(() -> server.requests() == 2);
      call.cancel();
      await().until(pending::isDone);
      assertThat(pending).isCompletedExceptionally();
    } finally {
      release.countDown();
    }
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 1, 0, 0));
    assertThat(status().failureCount()).as("the failure count stays").isEqualTo(1);
  }

  /** Rule W6: a cancelled trial never leaves HALF_OPEN stuck. */
  @Test
  void aCancelledTrialFreesItsSlotForTheNextCaller() throws Exception {
    brama.register(server.id());
    brama.open(server.id());
    clock.advance(EXPIRY);
    try {
      Call trial = callToAServerThatWaits();
      CompletableFuture<Answer> pending = enqueue(trial);
      await().until(() -> server.requests() == 1);
      trial.cancel();
      await().until(pending::isDone);
    } finally {
      release.countDown();
    }
    assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
    server.answer(200);
    assertThat(get("/").status()).isEqualTo(200);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W6: a call cancelled before the dispatcher ran it. */
  @Test
  void aCallCancelledBeforeItRunsRecordsNothing() throws Exception {
    Call call = client.newCall(request("/"));
    call.cancel();
    CompletableFuture<Answer> pending = enqueue(call);
    await().until(pending::isDone);
    assertThat(pending).isCompletedExceptionally();
    assertThat(server.requests()).isZero();
    assertThat(calls().failures()).isZero();
  }

  /** Rule W7: the connection's callTimeout on the Brama's clock cancels the OkHttp call. */
  @Test
  void theConnectionsCallTimeoutFailsTheCallWithTheRecordedTimeout() throws Exception {
    configure(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(1)));
    try {
      CompletableFuture<Answer> pending = enqueue(callToAServerThatWaits());
      await().until(() -> server.requests() == 1);
      clock.advance(Duration.ofMillis(999));
      assertThat(pending).isNotDone();
      clock.advance(Duration.ofMillis(1));
      await().until(pending::isDone);
      assertThat(pending).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(InterruptedIOException.class)
          .havingCause().isInstanceOf(TimeoutException.class)
          .satisfies(e -> assertThat(e).isSameAs(status().lastFailureReason()));
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
}
