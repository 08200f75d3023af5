package io.brama.http;

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
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules for every guarded client, against real servers on 127.0.0.1, time on a
 * {@link ManualClock}. A client module extends it with its client (shared through this module's
 * test jar): the JDK client runs it through {@code send} ({@link SendTest}) and {@code sendAsync}
 * ({@link SendAsyncTest}), OkHttp through {@code execute()} and {@code enqueue}.
 */
public abstract class ClientRulesTest {
  /** The Brama's {@code maxAttempts}. */
  protected static final int MAX_ATTEMPTS = 3;
  /** The Brama's {@code expiry}. */
  protected static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /** What the caller read: the status, the body and the {@code Retry-After} value (or null). */
  public record Answer(int status, String body, String retryAfter) {}

  protected final ManualClock clock = new ManualClock();
  protected final Brama brama = Brama.builder()
      .config(BramaConfig.builder().maxAttempts(MAX_ATTEMPTS).expiry(EXPIRY).build())
      .clock(clock).eventExecutor(Runnable::run).countCalls(true).build();
  protected final LoopbackServer server = new LoopbackServer();

  /** A GET of {@code uri} through the client under test: what the caller read, or what it threw. */
  protected abstract Answer get(URI uri) throws Exception;

  /** Guards the client under test by {@code rules} from now on. */
  protected abstract void useRules(HttpRules rules);

  /** The {@code CircuitOpenException} in what the client's caller got for a refusal. */
  protected abstract CircuitOpenException rejection(Throwable thrown);

  /** Gives up reading a response after {@code timeout}; what the caller gets when it passes. */
  protected abstract Class<? extends IOException> readTimeout(Duration timeout);

  @AfterEach
  void stop() throws IOException {
    server.close();
    brama.close();
  }

  protected Answer get(String path) throws Exception {
    return get(server.uri(path));
  }

  /** Registers the server's id with {@code config}, as a user would before the first request. */
  protected void configure(ConnectionConfig.Builder config) {
    brama.register(server.id(), Registration.builder().config(config.build()).build());
  }

  protected ConnectionStatus status() {
    return brama.status(server.id());
  }

  protected CallCounts calls() {
    return brama.calls(server.id());
  }

  /** Rules W2 and W3: failing statuses open the circuit, then nothing is sent. */
  @Test
  void failuresOpenAfterMaxAttemptsAndTheServerSeesNoRequestWhileOpen() throws Exception {
    server.answer(500);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Answer response = get("/pay");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body()).as("the response reaches the caller unchanged")
          .isEqualTo("status 500");
    }
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().lastFailureReason()).isEqualTo("HTTP 500");

    assertThatThrownBy(() -> get("/pay")).satisfies(e -> assertThat(rejection(e))
        .hasMessage("circuit '" + server.id() + "' is open; retry after PT10S")
        .satisfies(open -> assertThat(open.retryAfter()).isEqualTo(EXPIRY)));
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
    Answer response = get("/quote");
    assertThat(response.status()).isEqualTo(statusCode);
    assertThat(response.retryAfter()).isEqualTo("2");
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(calls()).as("neither a success nor a failure").isEqualTo(new CallCounts(0, 0, 1, 0, 0));

    clock.advance(Duration.ofMillis(1999));
    assertThatThrownBy(() -> get("/quote")).satisfies(e -> assertThat(rejection(e).retryAfter())
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

  /** Rule W4: a malformed Date is no Date. */
  @Test
  void aDateHeaderInGarbageFallsBackToTheBramasClock() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.answer(429, "Date: yesterday, around noon",
          "Retry-After: " + IMF_FIXDATE.format(clock.instant().plusSeconds(4)));
      get(raw.uri("/"));
      assertThat(brama.status(raw.id()).retryAfter()).isEqualTo(Duration.ofSeconds(4));
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

  /** Rule W4: the cap. */
  @Test
  void aRetryAfterIsCappedByMaxRetryAfter() throws Exception {
    useRules(HttpRules.builder().maxRetryAfter(Duration.ofMinutes(1)).build());
    server.answer(503, "Retry-After", "3600");
    get("/");
    assertThat(status().retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Rule W4: a hostile delay is capped, not overflowed. */
  @Test
  void aRetryAfterOfTenToTheTwelveSecondsIsCappedAtTheDefaultTenMinutes() throws Exception {
    server.answer(429, "Retry-After", "1000000000000");
    get("/");
    assertThat(status().retryAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  /** Rule W4: only 429 and 503, only when enabled. */
  @Test
  void retryAfterOnOtherStatusesOrWhenDisabledOpensNothing() throws Exception {
    server.answer(200, "Retry-After", "30");
    get("/");
    server.answer(301, "Retry-After", "30"); // no Location: no client follows it
    get("/");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);

    useRules(HttpRules.builder().retryAfter(false).build());
    server.answer(429, "Retry-After", "30");
    get("/");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
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
    useRules(HttpRules.builder().failureStatus(s -> s == 404).build());
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
    assertThatThrownBy(() -> get(nobody)).isInstanceOf(ConnectException.class);
    assertThat(brama.calls("127.0.0.1:" + port)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    assertThat(brama.status("127.0.0.1:" + port).lastFailureReason())
        .isInstanceOf(ConnectException.class);
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
      int sent = raw.requests(); // a client may retry a GET on a reset connection
      assertThatThrownBy(() -> get(raw.uri("/"))).satisfies(this::rejection);
      assertThat(raw.requests()).isEqualTo(sent);
    }
  }

  /** Rule W5. */
  @Test
  void aReadTimeoutIsAFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    Class<? extends IOException> timedOut = readTimeout(Duration.ofMillis(200));
    try {
      assertThatThrownBy(() -> get("/")).isInstanceOf(timedOut);
    } finally {
      release.countDown();
    }
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
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
    useRules(HttpRules.builder().connectionIds(ConnectionIds.fixed("payments")).build());
    server.answer(502);
    get("/");
    ConnectionStatus payments = brama.status("payments");
    assertThat(payments.type()).isEqualTo("payment-api");
    assertThat(payments.state()).as("maxAttempts(1) of the registration").isEqualTo(CircuitState.OPEN);
    assertThat(brama.isRegistered(server.id())).isFalse();
  }
}
