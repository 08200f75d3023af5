package io.brama.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import io.brama.CircuitState;
import io.brama.http.HttpRules;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;

/** The rules through the classic client, and what only it has: cancelling a blocking request. */
class ClassicClientTest extends HttpClient5RulesTest {

  @Override
  Client client(HttpRules rules, RequestConfig config, HttpRequestRetryStrategy retries) {
    HttpClientBuilder builder = HttpClients.custom().setDefaultRequestConfig(config)
        .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.classic(brama, rules));
    CloseableHttpClient http = (retries == null ? builder.disableAutomaticRetries()
        : builder.setRetryStrategy(retries)).build();
    return new Client() {
      @Override
      public Answer get(URI uri) throws IOException {
        return http.execute(new HttpGet(uri), response -> {
          Header retryAfter = response.getFirstHeader("Retry-After");
          return new Answer(response.getCode(), EntityUtils.toString(response.getEntity()),
              retryAfter == null ? null : retryAfter.getValue());
        });
      }

      @Override
      public void close() {
        http.close(CloseMode.GRACEFUL);
      }
    };
  }

  private CloseableHttpClient guarded() {
    return HttpClients.custom().disableAutomaticRetries()
        .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.classic(brama))
        .build();
  }

  /** {@code request} sent on another thread, so that this one can cancel it. */
  private static CompletableFuture<Integer> inBackground(CloseableHttpClient http, HttpGet request) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return http.execute(request, ClassicHttpResponse::getCode);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Rule W3: recorded on the head; the body is the caller's to read, after the outcome. */
  @Test
  void theOutcomeIsRecordedOnTheResponseHeadAndTheBodyLeftToTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.handle(exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: the head goes now, the body when released
      OutputStream body = exchange.getResponseBody();
      body.write("first ".getBytes(StandardCharsets.UTF_8));
      body.flush();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      body.write("second".getBytes(StandardCharsets.UTF_8));
    });
    try (CloseableHttpClient http = guarded();
        ClassicHttpResponse response = http.executeOpen(null, new HttpGet(server.uri("/")), null)) {
      assertThat(response.getCode()).isEqualTo(200);
      assertThat(calls()).as("recorded before the body is read")
          .isEqualTo(new CallCounts(1, 0, 0, 0, 0));
      release.countDown();
      assertThat(EntityUtils.toString(response.getEntity())).isEqualTo("first second");
    } finally {
      release.countDown();
    }
  }

  /** Rule W6: {@code HttpGet.cancel()} from another thread while the server works. */
  @Test
  void aCancelledRequestRecordsNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    try (CloseableHttpClient http = guarded()) {
      HttpGet request = new HttpGet(server.uri("/"));
      CompletableFuture<Integer> pending = inBackground(http, request);
      await().until(() -> server.requests() == 1);
      assertThat(request.cancel()).isTrue();
      assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IOException.class);
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
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    try (CloseableHttpClient http = guarded()) {
      HttpGet trial = new HttpGet(server.uri("/"));
      CompletableFuture<Integer> pending = inBackground(http, trial);
      await().until(() -> server.requests() == 1);
      trial.cancel();
      assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IOException.class);
      release.countDown();
      assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
      server.answer(200);
      assertThat(http.execute(new HttpGet(server.uri("/")), ClassicHttpResponse::getCode))
          .isEqualTo(200);
      assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    } finally {
      release.countDown();
    }
  }
}
