package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.brama.Brama;
import io.brama.CallCounts;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

/**
 * Spring Framework 7's {@code @Retryable} beside {@code @CircuitBreaker}, against a failing
 * loopback server: the circuit sits outside the retries (one logical call is one outcome, an open
 * circuit stops the call before any attempt), and a {@code CircuitOpenException} is never retried,
 * whatever the retry settings say, also when it comes from a guarded call inside a retried method.
 */
class RetryAndCircuitTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withPropertyValues("brama.metrics.enabled=false", "brama.max-attempts=2",
          "brama.expiry=1m")
      .withUserConfiguration(Beans.class)
      .withBean(BramaBuilderCustomizer.class, () -> builder -> builder.countCalls(true));
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  /** Attempts of {@code Billing.bill} (a static: the bean's fields are behind its proxy). */
  private static final AtomicInteger BILL_ATTEMPTS = new AtomicInteger();
  private static HttpServer server;

  @BeforeEach
  void startFailingServer() throws IOException {
    REQUESTS.set(0);
    BILL_ATTEMPTS.set(0);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      REQUESTS.incrementAndGet();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  /** Calls the failing server; retried three times at most, right away. */
  public static class Ledger {
    private final HttpClient http = HttpClient.newHttpClient();

    @CircuitBreaker("ledger")
    @Retryable(maxRetries = 2, delay = 0)
    public String post(String entry) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.getAddress().getPort() + "/post")).build(), HttpResponse.BodyHandlers.ofString());
        throw new IllegalStateException("ledger answered " + r.statusCode());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A retried method whose work is a guarded call on another bean: asks to retry everything. */
  public static class Billing {
    private final Ledger ledger;

    public Billing(Ledger ledger) {
      this.ledger = ledger;
    }

    @Retryable(includes = RuntimeException.class, maxRetries = 5, delay = 0)
    public String bill(String order) {
      BILL_ATTEMPTS.incrementAndGet();
      return ledger.post(order);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableResilientMethods
  static class Beans {
    @Bean
    Ledger ledger() {
      return new Ledger();
    }

    @Bean
    Billing billing(Ledger ledger) {
      return new Billing(ledger);
    }
  }

  @Test
  void eachLogicalCallIsOneOutcomeAndAnOpenCircuitStopsItBeforeAnyAttempt() {
    runner.run(context -> {
      Ledger ledger = context.getBean(Ledger.class);
      Brama brama = context.getBean(Brama.class);

      assertThatThrownBy(() -> ledger.post("e1")).hasMessage("ledger answered 503");
      assertThat(REQUESTS).as("one call, three attempts").hasValue(3);
      assertThat(brama.calls("ledger")).isEqualTo(new CallCounts(0, 1, 0, 0, 0));

      assertThatThrownBy(() -> ledger.post("e2")).hasMessage("ledger answered 503");
      assertThat(REQUESTS).hasValue(6);
      assertThat(brama.status("ledger").state()).isEqualTo(CircuitState.OPEN);

      assertThatThrownBy(() -> ledger.post("e3")).isInstanceOf(CircuitOpenException.class);
      assertThat(REQUESTS).as("no attempt while open, no retry of the refusal").hasValue(6);
      assertThat(brama.calls("ledger")).isEqualTo(new CallCounts(0, 2, 0, 1, 0));
    });
  }

  @Test
  void aRefusalInsideARetriedMethodIsNotRetriedWhateverItsSettings() {
    runner.run(context -> {
      Billing billing = context.getBean(Billing.class);
      Brama brama = context.getBean(Brama.class);
      brama.open("ledger", "maintenance");

      assertThatThrownBy(() -> billing.bill("o1")).isInstanceOf(CircuitOpenException.class);
      assertThat(BILL_ATTEMPTS).as("includes RuntimeException, maxRetries 5: still once")
          .hasValue(1);
      assertThat(brama.calls("ledger").rejected()).isEqualTo(1);
      assertThat(REQUESTS).hasValue(0);

      brama.reset("ledger");
      // failures are retried as configured until they open the circuit; its refusal ends the retries
      assertThatThrownBy(() -> billing.bill("o2")).isInstanceOf(CircuitOpenException.class);
      assertThat(BILL_ATTEMPTS).hasValue(1 + 3);
      assertThat(REQUESTS).as("two ledger calls of three attempts each").hasValue(6);
      assertThat(brama.calls("ledger")).isEqualTo(new CallCounts(0, 2, 0, 2, 0));
    });
  }
}
