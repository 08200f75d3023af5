package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.BramaConfig;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * Rules R1, R2 and R3 against a real HTTP server on loopback (Reactor Netty): a server that drops
 * its connections opens the circuit, the open circuit refuses without sending a request (rule S10),
 * and after the expiry a trial reaches the recovered server and closes it (rule S17).
 */
class LoopbackHttpTest extends GuardedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private DisposableServer server;
  private HttpClient http;

  @BeforeEach
  void serve() {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.get("/quote", (request, response) -> {
          hits.incrementAndGet();
          if (failing.get()) { // as a crashed backend: the connection closes without an answer
            return Mono.<Void>fromRunnable(() -> request.withConnection(Connection::dispose));
          }
          return response.sendString(Mono.just("42"));
        }))
        .bindNow();
    // no automatic retry of a request whose connection closed: one subscription, one request
    http = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port()).disableRetry(true);
  }

  @AfterEach
  void stopServer() {
    server.disposeNow();
  }

  @Test
  void opensOnAFailingServerRefusesWithoutCallingItAndRecovers() {
    start(BramaConfig.builder().maxAttempts(3).expiry(Duration.ofSeconds(30)));
    Mono<String> quote = GuideExample.quote(http, circuit); // assembled once, subscribed per call

    for (int i = 0; i < 3; i++) {
      StepVerifier.create(quote).expectError(IOException.class).verify(WAIT);
    }
    assertThat(hits).hasValue(3);
    assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);

    StepVerifier.create(quote).expectErrorSatisfies(e -> assertThat(e)
        .isInstanceOf(CircuitOpenException.class)
        .extracting(open -> ((CircuitOpenException) open).retryAfter())
        .isEqualTo(Duration.ofSeconds(30))).verify(WAIT);
    assertThat(hits).as("refused without a request").hasValue(3);

    failing.set(false);
    clock.advance(Duration.ofSeconds(30));
    StepVerifier.create(quote).expectNext("42").expectComplete().verify(WAIT);
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
    StepVerifier.create(quote).expectNext("42").expectComplete().verify(WAIT);
    assertThat(hits).hasValue(5);
    assertThat(circuit.calls().failures()).isEqualTo(3);
    assertThat(circuit.calls().successes()).isEqualTo(2);
  }
}
