package io.brama.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.http.HttpRules;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules through the async client, and what only an asynchronous call has: a future to cancel,
 * {@code callTimeout}, and many calls at once.
 */
class AsyncClientTest extends HttpClient5RulesTest {
  private final CountDownLatch release = new CountDownLatch(1);
  /** The pool of the client {@link #guarded} built last. */
  private PoolingAsyncClientConnectionManager pool;
  private CloseableHttpAsyncClient http;

  @Override
  Client client(HttpRules rules, RequestConfig config, HttpRequestRetryStrategy retries) {
    CloseableHttpAsyncClient async = build(rules, config, retries,
        PoolingAsyncClientConnectionManagerBuilder.create().build());
    return new Client() {
      @Override
      public Answer get(URI uri) throws Exception {
        try {
          return answer(async.execute(SimpleRequestBuilder.get(uri).build(), null)
              .get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw (Exception) e.getCause();
        }
      }

      @Override
      public void close() {
        async.close(CloseMode.IMMEDIATE);
      }
    };
  }

  private CloseableHttpAsyncClient build(HttpRules rules, RequestConfig config,
      HttpRequestRetryStrategy retries, PoolingAsyncClientConnectionManager connections) {
    HttpAsyncClientBuilder builder = HttpAsyncClients.custom().setDefaultRequestConfig(config)
        .setConnectionManager(connections)
        .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.async(brama, rules));
    CloseableHttpAsyncClient async = (retries == null ? builder.disableAutomaticRetries()
        : builder.setRetryStrategy(retries)).build();
    async.start();
    return async;
  }

  private static Answer answer(SimpleHttpResponse response) {
    Header retryAfter = response.getFirstHeader("Retry-After");
    return new Answer(response.getCode(), response.getBodyText(),
        retryAfter == null ? null : retryAfter.getValue());
  }

  /** A started async client with the handler, retries off, on a pool of {@code perRoute}. */
  private CloseableHttpAsyncClient guarded(int perRoute) {
    pool = PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnPerRoute(perRoute)
        .setMaxConnTotal(perRoute).build();
    http = build(HttpRules.defaults(), RequestConfig.DEFAULT, null, pool);
    return http;
  }

  @AfterEach
  void closePooledClient() {
    release.countDown();
    if (http != null) {
      http.close(CloseMode.IMMEDIATE);
    }
  }

  private Future<SimpleHttpResponse> send(CloseableHttpAsyncClient client) {
    return client.execute(SimpleRequestBuilder.get(server.uri("/")).build(), null);
  }

  private PoolStats connections() {
    return pool.getTotalStats();
  }

  /** Rule W7. */
  @Test
  void theOutcomeIsRecordedBeforeTheCallersFutureCompletes() throws Exception {
    server.answer(500);
    CompletableFuture<CallCounts> seen = new CompletableFuture<>();
    guarded(2).execute(SimpleRequestBuilder.get(server.uri("/")).build(),
        new FutureCallback<>() {
          @Override
          public void completed(SimpleHttpResponse result) {
            seen.complete(calls());
          }

          @Override
          public void failed(Exception ex) {
            seen.completeExceptionally(ex);
          }

          @Override
          public void cancelled() {
            seen.cancel(false);
          }
        });
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W2: the future fails at once, before any connection is leased. */
  @Test
  void aRefusalFailsTheFutureWithoutTouchingTheNetwork() {
    brama.register(server.id());
    brama.open(server.id());
    Future<SimpleHttpResponse> refused = send(guarded(2));
    assertThat(refused).isDone();
    assertThatThrownBy(refused::get).hasCauseInstanceOf(CircuitOpenIOException.class);
    assertThat(server.requests()).isZero();
  }

  /** Rule W6. */
  @Test
  void aCancelledFutureRecordsNothingAndCancelsTheExchange() {
    server.holdUntil(release);
    Future<SimpleHttpResponse> pending = send(guarded(2));
    await().until(() -> server.requests() == 1);
    assertThat(pending.cancel(true)).isTrue();
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
    assertThat(status().failureCount()).isZero();
    await().untilAsserted(() -> assertThat(connections().getLeased())
        .as("the exchange was cancelled, its connection given back").isZero());
  }

  /** Rule W6: a cancelled trial never leaves HALF_OPEN stuck. */
  @Test
  void aCancelledTrialFreesItsSlotForTheNextCaller() throws Exception {
    brama.register(server.id());
    brama.open(server.id());
    clock.advance(EXPIRY);
    server.holdUntil(release);
    CloseableHttpAsyncClient client = guarded(2);
    Future<SimpleHttpResponse> trial = send(client);
    await().until(() -> server.requests() == 1);
    trial.cancel(true);
    release.countDown();
    assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
    server.answer(200);
    assertThat(send(client).get(10, TimeUnit.SECONDS).getCode()).isEqualTo(200);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W6: cancelled while waiting for a pooled connection, before anything was sent. */
  @Test
  void aCallCancelledWhileWaitingForAConnectionRecordsNothing() throws Exception {
    server.holdUntil(release);
    CloseableHttpAsyncClient client = guarded(1);
    Future<SimpleHttpResponse> first = send(client);
    await().until(() -> server.requests() == 1);
    Future<SimpleHttpResponse> waiting = send(client);
    await().until(() -> connections().getPending() == 1);
    assertThat(waiting.cancel(true)).isTrue();
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(200);
    assertThat(calls()).isEqualTo(new CallCounts(1, 0, 1, 0, 0));
    assertThat(server.requests()).isEqualTo(1);
  }

  /** Rule W7. */
  @Test
  void callTimeoutFailsTheFutureWithTheRecordedTimeout() {
    configure(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(1)));
    server.holdUntil(release);
    Future<SimpleHttpResponse> pending = send(guarded(2));
    await().until(() -> server.requests() == 1);
    clock.advance(Duration.ofMillis(999));
    assertThat(pending).isNotDone();
    clock.advance(Duration.ofMillis(1));
    assertThat(pending).isDone();
    assertThatThrownBy(pending::get).hasCauseInstanceOf(TimeoutException.class)
        .satisfies(e -> assertThat(e.getCause()).isSameAs(status().lastFailureReason()));
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    await().untilAsserted(() -> assertThat(connections().getLeased())
        .as("the exchange was cancelled, its connection given back").isZero());
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

  /**
   * Rule W2, hostile: ten thousand calls while the circuit is open, on a pool of two connections,
   * all refused at once; none leases a connection, and the next admitted call gets one.
   */
  @Test
  void tenThousandRefusedCallsLeaveThePoolAlone() throws Exception {
    brama.register(server.id());
    brama.open(server.id());
    CloseableHttpAsyncClient client = guarded(2);
    List<Future<SimpleHttpResponse>> refused = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      refused.add(send(client));
    }
    assertThat(refused).allSatisfy(f -> assertThatThrownBy(f::get)
        .hasCauseInstanceOf(CircuitOpenIOException.class));
    assertThat(connections().getLeased()).isZero();
    assertThat(connections().getPending()).isZero();
    assertThat(server.requests()).isZero();
    assertThat(calls().rejected()).isEqualTo(10_000);

    clock.advance(EXPIRY);
    server.answer(200);
    assertThat(send(client).get(10, TimeUnit.SECONDS).getCode()).isEqualTo(200);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rules W6 and W7: the outcome is recorded once, the answer's. */
  @Test
  void aCancellationAfterTheAnswerChangesNothing() throws Exception {
    server.answer(200);
    Future<SimpleHttpResponse> done = send(guarded(2));
    done.get(10, TimeUnit.SECONDS);
    assertThat(done.cancel(true)).isFalse();
    assertThat(calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

}
