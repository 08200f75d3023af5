package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.http.HttpGuard;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * {@code brama.http.enabled}: every RestClient, RestTemplate and WebClient built from Boot's
 * builders is guarded with brama-http's rules (rules W1 to W4 through Spring's clients), against
 * a JDK HttpServer on loopback whose answer the test sets; off by default.
 */
class HttpClientsTest {
  private static final ManualClock CLOCK = new ManualClock();
  private final ApplicationContextRunner runner = Contexts.runner()
      .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
          RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class,
          BramaHttpClientsAutoConfiguration.class))
      .withPropertyValues("brama.metrics.enabled=false", "brama.max-attempts=2", "brama.expiry=1m")
      .withBean(BramaBuilderCustomizer.class, () -> builder -> builder.clock(CLOCK));
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, null));
  private HttpServer server;
  private String base;
  private String id;

  record Answer(int status, String retryAfter) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      Answer a = answer.get();
      if (a.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
      }
      byte[] body = ("status " + a.status()).getBytes();
      exchange.sendResponseHeaders(a.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    id = "127.0.0.1:" + server.getAddress().getPort();
    base = "http://" + id;
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void offByDefault() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(HttpGuard.class);
      answer.set(new Answer(503, null));
      RestClient client = context.getBean(RestClient.Builder.class).baseUrl(base).build();
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> client.get().retrieve().body(String.class))
            .isInstanceOf(HttpServerErrorException.class);
      }
      assertThat(context.getBean(Brama.class).isRegistered(id)).isFalse();
    });
  }

  @Test
  void aRestClientOpensOnFailuresAndIsRefusedWithoutARequest() {
    runner.withPropertyValues("brama.http.enabled=true").run(context -> {
      RestClient client = context.getBean(RestClient.Builder.class).baseUrl(base).build();
      assertThat(client.get().retrieve().body(String.class)).isEqualTo("status 200");
      answer.set(new Answer(503, null));
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.get().retrieve().body(String.class))
            .isInstanceOf(HttpServerErrorException.class);
      }
      Brama brama = context.getBean(Brama.class);
      assertThat(brama.status(id).state()).isEqualTo(CircuitState.OPEN);
      assertThat(brama.status(id).type()).isEqualTo("http");
      int seen = requests.get();

      assertThatThrownBy(() -> client.get().retrieve().body(String.class))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(requests).hasValue(seen);
    });
  }

  @Test
  void aRestTemplateHonoursRetryAfterExactlyAndCountsA404AsAnAnswer() {
    runner.withPropertyValues("brama.http.enabled=true").run(context -> {
      var template = context.getBean(RestTemplateBuilder.class).rootUri(base).build();
      answer.set(new Answer(404, null));
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> template.getForObject("/", String.class))
            .hasMessageContaining("404");
      }
      Brama brama = context.getBean(Brama.class);
      assertThat(brama.status(id).state()).isEqualTo(CircuitState.CLOSED);

      answer.set(new Answer(429, "2"));
      assertThatThrownBy(() -> template.getForObject("/", String.class))
          .hasMessageContaining("429");
      answer.set(new Answer(200, null));
      CLOCK.advance(Duration.ofMillis(1999));
      assertThatThrownBy(() -> template.getForObject("/", String.class))
          .isInstanceOf(CircuitOpenException.class);
      CLOCK.advance(Duration.ofMillis(1));
      assertThat(template.getForObject("/", String.class)).isEqualTo("status 200");
    });
  }

  @Test
  void aWebClientIsGuardedPerSubscription() {
    runner.withPropertyValues("brama.http.enabled=true").run(context -> {
      WebClient client = context.getBean(WebClient.Builder.class).baseUrl(base).build();
      var get = client.get().retrieve().bodyToMono(String.class);
      assertThat(requests).as("nothing at assembly").hasValue(0);
      answer.set(new Answer(500, null));
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(get::block).isInstanceOf(WebClientResponseException.class);
      }
      int seen = requests.get();
      assertThatThrownBy(get::block).isInstanceOf(CircuitOpenException.class);
      assertThat(requests).hasValue(seen);
    });
  }

  @Test
  void theRulesComeFromTheProperties() {
    runner.withPropertyValues("brama.http.enabled=true", "brama.http.failure-statuses=404",
        "brama.http.connection-id=catalog").run(context -> {
          RestClient client = context.getBean(RestClient.Builder.class).baseUrl(base).build();
          answer.set(new Answer(503, null)); // not a failure by these rules
          for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.get().retrieve().body(String.class))
                .isInstanceOf(HttpServerErrorException.class);
          }
          Brama brama = context.getBean(Brama.class);
          assertThat(brama.status("catalog").state()).isEqualTo(CircuitState.CLOSED);
          assertThat(brama.isRegistered(id)).isFalse();
        });
    runner.withPropertyValues("brama.http.enabled=true", "brama.http.failure-statuses=5xx")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessage("brama.http.failure-statuses must be codes and ranges of 100 to 599 "
                + "separated by commas (e.g. 500-599,408), was '5xx'"));
  }
}
