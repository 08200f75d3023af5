package io.brama.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.http.ConnectionIds;
import io.brama.http.HttpGuard;
import io.brama.http.HttpRules;
import io.brama.testing.ManualClock;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules through Apache HttpClient 5, against real servers on 127.0.0.1, time on a
 * {@link ManualClock}: run once through the classic client ({@link ClassicClientTest}) and once
 * through the async one ({@link AsyncClientTest}). The client's automatic retries are off here, so
 * that a call is one request; {@link ClassicClientTest} and {@link AsyncClientTest} turn them on.
 */
abstract class ClientRulesTest {
  static final int MAX_ATTEMPTS = 3;
  static final Duration EXPIRY = Duration.ofSeconds(10);
  static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /** What a caller got: the status, the body it read and the response's Retry-After. */
  record Answer(int status, String body, String retryAfter) {}

  /** A guarded client of the kind under test: one GET, its answer or what the call threw. */
  interface Client extends Closeable {
    Answer get(URI uri) throws Exception;
  }

  final ManualClock clock = new ManualClock();
  final Brama brama = Brama.builder()
      .config(BramaConfig.builder().maxAttempts(MAX_ATTEMPTS).expiry(EXPIRY).build())
      .clock(clock).eventExecutor(Runnable::run).countCalls(true).build();
  final LoopbackServer server = new LoopbackServer();
  private Client client;

  /**
   * A new client of the kind under test, the handler from {@code BramaExecInterceptor} added first,
   * with {@code retries}, or automatic retries off when null.
   */
  abstract Client client(HttpRules rules, RequestConfig config, HttpRequestRetryStrategy retries);

  /** From now on requests go through a client with {@code rules}. */
  void use(HttpRules rules) throws IOException {
    use(rules, RequestConfig.DEFAULT);
  }

  void use(HttpRules rules, RequestConfig config) throws IOException {
    if (client != null) {
      client.close();
    }
    client = client(rules, config, null);
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    server.close();
    brama.close();
  }

  Answer get(String path) throws Exception {
    return get(server.uri(path));
  }

  Answer get(URI uri) throws Exception {
    if (client == null) {
      use(HttpRules.defaults());
    }
    return client.get(uri);
  }

  /** Registers the server's id with {@code config}, as a user would before the first request. */
  void configure(ConnectionConfig.Builder config) {
    brama.register(server.id(), Registration.builder().config(config.build()).build());
  }

  ConnectionStatus status() {
    return brama.status(server.id());
  }

  CallCounts calls() {
    return brama.calls(server.id());
  }

  /** Rules W2 and W3: failing statuses open the circuit, then nothing is sent. */
  @Test
  void failuresOpenAfterMaxAttemptsAndTheServerSeesNoRequestWhileOpen() throws Exception {
    server.answer(500);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Answer answer = get("/pay");
      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.body()).as("the response reaches the caller unchanged")
          .isEqualTo("status 500");
    }
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().lastFailureReason()).isEqualTo("HTTP 500");

    assertThatThrownBy(() -> get("/pay")).isInstanceOf(CircuitOpenIOException.class)
        .hasMessage("circuit '" + server.id() + "' is open; retry after PT10S")
        .satisfies(e -> assertThat(((CircuitOpenIOException) e).getCause())
            .isInstanceOf(CircuitOpenException.class)
            .satisfies(open -> assertThat(open.retryAfter()).isEqualTo(EXPIRY))
            .satisfies(open -> assertThat(open.connection()).isEqualTo(server.id())));
    assertThat(server.requests()).as("nothing sent while open").isEqualTo(MAX_ATTEMPTS);
    assertThat(calls()).isEqualTo(new CallCounts(0, MAX_ATTEMPTS, 0, 1, 0));

    clock.advance(EXPIRY);
    server.answer(200);
    assertThat(get("/pay").status()).isEqualTo(200);
    assertThat(status().state()).as("the trial succeeded").isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W4: delay-seconds on 429 and 503. */
  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void retryAfterInSecondsOpensForExactlyThatLong(int statusCode) throws Exception {
    server.answer(statusCode, "Retry-After", "2");
    Answer answer = get("/quote");
    assertThat(answer.status()).isEqualTo(statusCode);
    assertThat(answer.retryAfter()).isEqualTo("2");
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(calls()).as("neither a success nor a failure")
        .isEqualTo(new CallCounts(0, 0, 1, 0, 0));

    clock.advance(Duration.ofMillis(1999));
    assertThatThrownBy(() -> get("/quote")).isInstanceOf(CircuitOpenIOException.class)
        .satisfies(e -> assertThat(((CircuitOpenIOException) e).getCause().retryAfter())
            .isEqualTo(Duration.ofMillis(1)));
    clock.advance(Duration.ofMillis(1));
    server.answer(200);
    assertThat(get("/quote").status()).isEqualTo(200);
    assertThat(server.requests()).isEqualTo(2);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W4: an HTTP-date against the server's Date. */
  @Test
  void anHttpDateRetryAfterIsTakenAgainstTheServersDateHeader() throws Exception {
    try (RawServer raw = new RawServer()) {
      Instant serverNow = Instant.parse("2030-06-01T12:00:00Z"); // far from the Brama's clock
      raw.answer(503, "Date: " + IMF_FIXDATE.format(serverNow),
          "Retry-After: " + IMF_FIXDATE.format(serverNow.plusSeconds(7)));
      assertThat(get(raw.uri("/")).status()).isEqualTo(503);
      assertThat(brama.status(raw.id()).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }
  }

  /** Rule W4: an HTTP-date without Date, against the Brama's clock. */
  @Test
  void anHttpDateRetryAfterWithoutDateIsTakenAgainstTheBramasClock() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.answer(429, "Retry-After: " + IMF_FIXDATE.format(clock.instant().plusSeconds(5)));
      assertThat(get(raw.uri("/")).status()).isEqualTo(429);
      assertThat(brama.status(raw.id()).retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }
  }

  /** Rules W3 and W4: an unusable Retry-After leaves the status to decide. */
  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "0", "1.5", "Sun, 06 Nov 1994 08:49:37 GMT", "2 s", ""})
  void aRetryAfterThatIsGarbageZeroNegativeOrPastOpensNothing(String value) throws Exception {
    server.answer(429, "Retry-After", value);
    assertThat(get("/").status()).isEqualTo(429);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).as("a 429 classified by its status: a success")
        .isEqualTo(new CallCounts(1, 0, 0, 0, 0));

    server.answer(503, "Retry-After", value);
    get("/");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).as("a 503 classified by its status: a failure")
        .isEqualTo(new CallCounts(1, 1, 0, 0, 0));
  }

  /** Rule W4: the cap, the rules' and the default one. */
  @Test
  void aRetryAfterIsCappedByMaxRetryAfter() throws Exception {
    use(HttpRules.builder().maxRetryAfter(Duration.ofMinutes(1)).build());
    server.answer(503, "Retry-After", "3600");
    get("/");
    assertThat(status().retryAfter()).isEqualTo(Duration.ofMinutes(1));

    try (RawServer raw = new RawServer()) {
      use(HttpRules.defaults());
      raw.answer(429, "Retry-After: 1000000000000");
      get(raw.uri("/"));
      assertThat(brama.status(raw.id()).retryAfter()).isEqualTo(Duration.ofMinutes(10));
    }
  }

  /** Rule W4: only 429 and 503, only when enabled. */
  @Test
  void retryAfterOnOtherStatusesOrWhenDisabledOpensNothing() throws Exception {
    server.answer(200, "Retry-After", "30");
    get("/");
    use(HttpRules.builder().retryAfter(false).build());
    server.answer(429, "Retry-After", "30");
    get("/");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).isEqualTo(new CallCounts(2, 0, 0, 0, 0));
  }

  /** Rule W3: the remote answered. */
  @Test
  void clientErrorsAreSuccessesExcept408() throws Exception {
    server.answer(500);
    get("/");
    get("/");
    for (int status : new int[] {400, 401, 404, 409, 422}) {
      server.answer(status);
      assertThat(get("/").status()).isEqualTo(status);
    }
    assertThat(status().failureCount()).as("a 4xx reset the count: the remote answered").isZero();
    server.answer(408);
    get("/");
    assertThat(calls()).isEqualTo(new CallCounts(5, 3, 0, 0, 0));
  }

  /** Rule W3. */
  @Test
  void failureStatusDecidesWhichStatusesFail() throws Exception {
    use(HttpRules.builder().failureStatus(s -> s == 404).build());
    server.answer(404);
    get("/");
    server.answer(500);
    get("/");
    assertThat(calls()).isEqualTo(new CallCounts(1, 1, 0, 0, 0));
  }

  /** Rule W5. */
  @Test
  void aConnectionRefusedIsAFailure() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + port + "/");
    assertThatThrownBy(() -> get(nobody)).isInstanceOf(HttpHostConnectException.class);
    assertThat(brama.calls("127.0.0.1:" + port)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    assertThat(brama.status("127.0.0.1:" + port).lastFailureReason())
        .isInstanceOf(HttpHostConnectException.class);
  }

  /** Rules W5 and W2. */
  @Test
  void aServerThatResetsTheConnectionIsAFailure() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.reset();
      for (int i = 0; i < MAX_ATTEMPTS; i++) {
        assertThatThrownBy(() -> get(raw.uri("/"))).isInstanceOf(IOException.class);
      }
      assertThat(brama.status(raw.id()).state()).isEqualTo(CircuitState.OPEN);
      assertThat(brama.calls(raw.id()).failures()).isEqualTo(MAX_ATTEMPTS);
      assertThat(raw.requests()).as("retries off: one request a call").isEqualTo(MAX_ATTEMPTS);
      assertThatThrownBy(() -> get(raw.uri("/"))).isInstanceOf(CircuitOpenIOException.class);
      assertThat(raw.requests()).isEqualTo(MAX_ATTEMPTS);
    }
  }

  /** Rule W5: the client's response timeout. */
  @Test
  void aResponseTimeoutIsAFailure() throws Exception {
    use(HttpRules.defaults(),
        RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(200)).build());
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    try {
      assertThatThrownBy(() -> get("/")).isInstanceOf(SocketTimeoutException.class);
    } finally {
      release.countDown();
    }
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    assertThat(status().lastFailureReason()).isInstanceOf(SocketTimeoutException.class);
  }

  /** Rule W3: the permit times the exchange on the Brama's clock. */
  @Test
  void aSlowResponseIsCountedSlow() throws Exception {
    configure(ConnectionConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 10))
        .slowCall(Duration.ofSeconds(1), 100));
    server.handle(exchange -> {
      clock.advance(Duration.ofSeconds(2)); // the server takes 2 s on the Brama's clock
      LoopbackServer.answer(exchange, 200);
    });
    get("/");
    server.answer(200);
    get("/");
    assertThat(calls()).isEqualTo(new CallCounts(2, 0, 0, 0, 1));
  }

  /** Rule W1. */
  @Test
  void anIdIsRegisteredWithTypeHttpOnFirstUse() throws Exception {
    assertThat(brama.isRegistered(server.id())).isFalse();
    get("/");
    assertThat(status().type()).isEqualTo(HttpGuard.TYPE);
  }

  /** Rule W1. */
  @Test
  void aPreRegisteredIdKeepsItsRegistrationAndConfig() throws Exception {
    brama.register("payments", Registration.builder().type("payment-api").scope("pay")
        .config(ConnectionConfig.builder().maxAttempts(1).build()).build());
    use(HttpRules.builder().connectionIds(ConnectionIds.fixed("payments")).build());
    server.answer(502);
    get("/");
    ConnectionStatus payments = brama.status("payments");
    assertThat(payments.type()).isEqualTo("payment-api");
    assertThat(payments.state()).as("maxAttempts(1) of the registration")
        .isEqualTo(CircuitState.OPEN);
    assertThat(brama.isRegistered(server.id())).isFalse();
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
    if (client != null) {
      client.close();
    }
    client = client(HttpRules.defaults(), RequestConfig.DEFAULT,
        new DefaultHttpRequestRetryStrategy(2, TimeValue.ZERO_MILLISECONDS));
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
