package io.brama.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.http.ClientRulesTest;
import io.brama.http.HttpRules;
import io.brama.http.LoopbackServer;
import io.brama.http.RawServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * brama-http's rules for every client ({@link ClientRulesTest}) and Apache HttpClient 5's own, through
 * the classic client ({@link ClassicClientTest}) and the async one ({@link AsyncClientTest}). The
 * client's automatic retries are off, so that a call is one request, except where a row turns them on.
 */
abstract class HttpClient5RulesTest extends ClientRulesTest {
  /** A guarded client of the kind under test: one GET, its answer or what the call threw. */
  interface Client {
    Answer get(URI uri) throws Exception;

    void close();
  }

  private HttpRules rules = HttpRules.defaults();
  private RequestConfig config = RequestConfig.DEFAULT;
  private HttpRequestRetryStrategy retries;
  private Client client;

  /**
   * A new client of the kind under test, the handler from {@code BramaExecInterceptor} added first,
   * with {@code retries}, or automatic retries off when null.
   */
  abstract Client client(HttpRules rules, RequestConfig config, HttpRequestRetryStrategy retries);

  @AfterEach
  void closeClient() {
    rebuild();
  }

  /** Drops the client in use: the next request goes through one built with the current settings. */
  private void rebuild() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  protected Answer get(URI uri) throws Exception {
    if (client == null) {
      client = client(rules, config, retries);
    }
    return client.get(uri);
  }

  @Override
  protected void useRules(HttpRules rules) {
    this.rules = rules;
    rebuild();
  }

  @Override
  protected CircuitOpenException rejection(Throwable thrown) {
    assertThat(thrown).isInstanceOf(CircuitOpenIOException.class)
        .hasMessage(thrown.getCause().getMessage());
    return ((CircuitOpenIOException) thrown).getCause();
  }

  /** The {@code RequestConfig}'s response timeout. */
  @Override
  protected Class<? extends IOException> readTimeout(Duration timeout) {
    config = RequestConfig.copy(config)
        .setResponseTimeout(Timeout.ofMilliseconds(timeout.toMillis())).build();
    rebuild();
    return SocketTimeoutException.class;
  }

  /**
   * Rules W1 and W7: the client follows the redirect inside the handler, so the call is one outcome
   * (the final answer's), on the id of the URI the caller sent.
   */
  @Test
  void aRedirectIsFollowedInsideTheCallAndRecordedOnTheIdOfTheUriSent() throws Exception {
    try (LoopbackServer elsewhere = new LoopbackServer()) {
      elsewhere.answer(500);
      server.answer(302, "Location", elsewhere.uri("/moved").toString());
      Answer answer = get("/old");
      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.body()).isEqualTo("status 500");
      assertThat(elsewhere.requests()).isEqualTo(1);
      assertThat(calls()).as("one call, the final answer").isEqualTo(new CallCounts(0, 1, 0, 0, 0));
      assertThat(brama.isRegistered(elsewhere.id())).isFalse();
    }
  }

  /**
   * Rules W2, W3 and W5 with the client's own automatic retries on (two retries, no wait): the
   * retries happen inside the call, so the server sees every attempt and the circuit one outcome,
   * the last attempt's; a refusal is not retried.
   */
  @Test
  void theClientsOwnRetriesStayInsideOneCall() throws Exception {
    retries = new DefaultHttpRequestRetryStrategy(2, TimeValue.ZERO_MILLISECONDS);
    rebuild();
    server.answer(503); // retried by the client's strategy, as 429 is
    assertThat(get("/").status()).isEqualTo(503);
    assertThat(server.requests()).as("three attempts").isEqualTo(3);
    assertThat(calls()).as("one call").isEqualTo(new CallCounts(0, 1, 0, 0, 0));

    try (RawServer raw = new RawServer()) {
      raw.reset();
      assertThatThrownBy(() -> get(raw.uri("/"))).isInstanceOf(IOException.class);
      assertThat(raw.requests()).as("a reset GET is retried").isEqualTo(3);
      assertThat(brama.calls(raw.id())).isEqualTo(new CallCounts(0, 1, 0, 0, 0));

      brama.open(raw.id());
      assertThatThrownBy(() -> get(raw.uri("/"))).isInstanceOf(CircuitOpenIOException.class);
      assertThat(raw.requests()).as("a refusal is not retried: nothing sent").isEqualTo(3);
      assertThat(brama.calls(raw.id()).rejected()).isEqualTo(1);
    }
  }
}
