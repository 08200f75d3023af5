package io.brama.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.http.ClientRulesTest;
import io.brama.http.HttpRules;
import io.brama.http.LoopbackServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * brama-http's rules for every client ({@link ClientRulesTest}) and OkHttp's own, through
 * {@code execute()} ({@link ExecuteTest}) and {@code enqueue} ({@link EnqueueTest}).
 */
abstract class OkHttpRulesTest extends ClientRulesTest {
  final OkHttpClient bare = new OkHttpClient();
  OkHttpClient client = guarded(HttpRules.defaults());

  /** The request through the client under test: what the caller read, or what the call threw. */
  abstract Answer exchange(OkHttpClient client, Request request) throws Exception;

  /** What the caller read of {@code response}; closes it. */
  static Answer read(Response response) throws IOException {
    try (response) {
      return new Answer(response.code(), response.body().string(), response.header("Retry-After"));
    }
  }

  @AfterEach
  void stopClient() {
    bare.dispatcher().executorService().shutdownNow();
    bare.connectionPool().evictAll();
  }

  OkHttpClient guarded(HttpRules rules) {
    return bare.newBuilder().addInterceptor(BramaInterceptor.of(brama, rules)).build();
  }

  Request request(String path) {
    return new Request.Builder().url(server.uri(path).toString()).build();
  }

  @Override
  protected Answer get(URI uri) throws Exception {
    return exchange(client, new Request.Builder().url(uri.toString()).build());
  }

  @Override
  protected void useRules(HttpRules rules) {
    client = guarded(rules);
  }

  @Override
  protected CircuitOpenException rejection(Throwable thrown) {
    assertThat(thrown).isInstanceOf(CircuitOpenIOException.class)
        .hasMessage(thrown.getCause().getMessage());
    CircuitOpenIOException rejection = (CircuitOpenIOException) thrown;
    assertThat(rejection.connection()).isEqualTo(rejection.getCause().connection());
    assertThat(rejection.retryAfter()).isEqualTo(rejection.getCause().retryAfter());
    return rejection.getCause();
  }

  @Override
  protected Class<? extends IOException> readTimeout(Duration timeout) {
    client = client.newBuilder().readTimeout(timeout).build();
    return SocketTimeoutException.class;
  }

  /** Rule W5: OkHttp's callTimeout is told from the caller's cancel, and is a failure. */
  @Test
  void okHttpsCallTimeoutIsAFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    client = client.newBuilder().callTimeout(Duration.ofMillis(200)).build();
    try {
      assertThatThrownBy(() -> get("/")).isInstanceOf(InterruptedIOException.class)
          .hasMessage("timeout")
          .satisfies(e -> assertThat(e).isSameAs(status().lastFailureReason()));
    } finally {
      release.countDown();
    }
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule W1: the id of the URL the caller sent, not of where it was redirected. */
  @Test
  void aRedirectIsFollowedByOkHttpAndRecordedOnTheIdOfTheUrlSent() throws Exception {
    try (LoopbackServer target = new LoopbackServer()) {
      target.answer(500);
      server.answer(302, "Location", target.uri("/moved").toString());
      Answer answer = get("/old");
      assertThat(answer.status()).isEqualTo(500);
      assertThat(target.requests()).isEqualTo(1);
      assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
      assertThat(brama.isRegistered(target.id())).isFalse();
    }
  }
}
