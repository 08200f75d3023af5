package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CircuitState;
import io.brama.Permit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Many requests on one kept-alive connection to a Gateway (WebFlux) application guarded by Brama:
 * backend failures (a listed status, a dropped backend connection), 503 rejections with
 * {@code Retry-After}, fallback answers and the recovery after the expiry, each answer within
 * {@link #DEADLINE}, and the gateway sees one connection only (it counts the channels it accepts);
 * time on the shared {@link io.brama.testing.ManualClock}.
 * Once over a raw socket, framing read by hand, and once with one JDK {@link HttpClient}.
 */
@SpringBootTest(classes = GatewayKeepAliveTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=reactive",
        "server.address=127.0.0.1",
        "brama.max-attempts=2",
        "brama.expiry=5s",
        "spring.cloud.gateway.server.webflux.routes[0].id=ka",
        "spring.cloud.gateway.server.webflux.routes[0].uri=${backend.url}",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/ka/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.statusCodes=500",
        "spring.cloud.gateway.server.webflux.routes[1].id=ka-fb",
        "spring.cloud.gateway.server.webflux.routes[1].uri=${backend.url}",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/ka-fb/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.fallbackUri=forward:/ka-fallback",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.statusCodes=500",
    })
class GatewayKeepAliveTest extends GatewayWebFluxAppTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /** Connections the gateway accepted. */
  private static final AtomicInteger ACCEPTED = new AtomicInteger();
  private static final AtomicInteger ROUND = new AtomicInteger();

  /** Each repetition starts closed, whatever an earlier one left behind. */
  @BeforeEach
  void closeCircuits() {
    CLOCK.advance(Duration.ofSeconds(5));
    for (String id : new String[] {"ka", "ka-fb"}) {
      if (brama.isRegistered(id)) {
        Permit trial = brama.tryAcquire(id);
        if (trial.granted()) {
          trial.success();
        }
        assertThat(brama.status(id).state()).isEqualTo(CircuitState.CLOSED);
      }
    }
  }

  /** One client's requests; every one on the connection the first one opened. */
  interface Client {
    KeptAliveConnection.Response get(String path) throws Exception;

    KeptAliveConnection.Response post(String path, String body) throws Exception;
  }

  @RepeatedTest(25)
  void aRawSocketCarriesFailuresRejectionsFallbacksAndTheRecovery() throws Exception {
    int accepted = ACCEPTED.get();
    try (KeptAliveConnection connection = new KeptAliveConnection(port, DEADLINE)) {
      int localPort = connection.localPort();
      Client client = new Client() {
        @Override
        public KeptAliveConnection.Response get(String path) throws IOException {
          return connection.get(path);
        }

        @Override
        public KeptAliveConnection.Response post(String path, String body) throws IOException {
          return connection.post(path, body);
        }
      };
      failuresRejectionsFallbacksRecovery(client);
      assertThat(connection.localPort()).isEqualTo(localPort);
    }
    assertThat(ACCEPTED.get() - accepted).as("connections the gateway accepted").isEqualTo(1);
  }

  @RepeatedTest(25)
  void oneJdkHttpClientReusesItsConnectionThroughout() throws Exception {
    int accepted = ACCEPTED.get();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Client client = new Client() {
      @Override
      public KeptAliveConnection.Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
      }

      @Override
      public KeptAliveConnection.Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
      }

      private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
      }

      private KeptAliveConnection.Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(DEADLINE).build(),
            HttpResponse.BodyHandlers.ofString());
        return new KeptAliveConnection.Response(response.statusCode(), response.headers().map(),
            response.body());
      }
    };
    failuresRejectionsFallbacksRecovery(client);
    assertThat(ACCEPTED.get() - accepted).as("connections the gateway accepted").isEqualTo(1);
  }

  private void failuresRejectionsFallbacksRecovery(Client client) throws Exception {
    int round = ROUND.incrementAndGet();
    String failing = "/ka/" + round;
    String dropped = "/ka/dropped-" + round;
    String withFallback = "/ka-fb/" + round;

    BACKEND.answer(failing, 500);
    BACKEND.drop(dropped);
    KeptAliveConnection.Response failed = client.get(failing);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("backend " + failing);
    // Boot's error handler answers the backend's dropped connection
    assertThat(client.get(dropped).status()).isEqualTo(500);
    assertThat(brama.status("ka").state()).isEqualTo(CircuitState.OPEN);

    for (int i = 0; i < 3; i++) {
      KeptAliveConnection.Response rejected = client.get(failing);
      assertThat(rejected.status()).isEqualTo(503);
      assertThat(rejected.header("Retry-After")).isEqualTo("5");
      assertThat(rejected.body()).isEmpty();
      assertThat(client.post(dropped, "a body the gateway never forwards").status())
          .isEqualTo(503);
    }
    assertThat(BACKEND.requests(failing)).isEqualTo(1);
    assertThat(BACKEND.requests(dropped)).isEqualTo(1);

    BACKEND.answer(withFallback, 500);
    for (int i = 0; i < 4; i++) {
      KeptAliveConnection.Response fallback = i % 2 == 0
          ? client.get(withFallback) : client.post(withFallback, "body " + i);
      assertThat(fallback.status()).isEqualTo(200);
      assertThat(fallback.body()).isEqualTo("fallback");
    }
    assertThat(BACKEND.requests(withFallback)).isEqualTo(2);
    assertThat(brama.status("ka-fb").state()).isEqualTo(CircuitState.OPEN);

    BACKEND.answer(failing, 200);
    BACKEND.answer(withFallback, 200);
    CLOCK.advance(Duration.ofSeconds(5));
    KeptAliveConnection.Response recovered = client.get(failing);
    assertThat(recovered.status()).isEqualTo(200);
    assertThat(recovered.body()).isEqualTo("backend " + failing);
    assertThat(client.post(withFallback, "recovered").body()).isEqualTo("backend " + withFallback);
    assertThat(client.get(withFallback).body()).isEqualTo("backend " + withFallback);
    assertThat(brama.status("ka").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status("ka-fb").state()).isEqualTo(CircuitState.CLOSED);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OnTheManualClock.class)
  static class App {
    @Bean
    NettyServerCustomizer countAcceptedConnections() {
      return server -> server.doOnChannelInit(
          (observer, channel, remote) -> ACCEPTED.incrementAndGet());
    }

    @Bean
    RouterFunction<ServerResponse> keepAliveFallback() {
      return RouterFunctions.route(RequestPredicates.path("/ka-fallback"),
          request -> ServerResponse.ok().bodyValue("fallback"));
    }
  }
}
