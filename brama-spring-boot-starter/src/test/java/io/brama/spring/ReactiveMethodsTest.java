package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CallCounts;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.reactor.BramaOperator;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.ParallelFlux;
import reactor.test.StepVerifier;

/**
 * {@code @CircuitBreaker} on methods returning {@code Mono} and {@code Flux}: guarded per
 * subscription with brama-reactor's operator, the fallback (a plain value or the same reactive type)
 * on a rejection only; refused at start-up without brama-reactor, or for a type it cannot return.
 */
class ReactiveMethodsTest {
  private static final ManualClock CLOCK = new ManualClock();
  private final ApplicationContextRunner runner = Contexts.runner()
      .withPropertyValues("brama.metrics.enabled=false", "brama.max-attempts=3",
          "brama.expiry=10s")
      .withUserConfiguration(Clock.class);

  @Configuration(proxyBeanMethods = false)
  static class Clock {
    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK).countCalls(true);
    }
  }

  /** A "5xx" answer is a failure, like an exception. */
  public static class StatusHandler implements ErrorHandler {
    @Override
    public Outcome classify(Object result, Throwable error) {
      if (error != null || "5xx".equals(result)) {
        return Outcome.failure(error != null ? error : "HTTP 5xx");
      }
      return Outcome.success();
    }
  }

  /** The remote's state, a bean of its own: the client's fields are behind its proxy. */
  public static class Remote {
    final AtomicInteger built = new AtomicInteger();
    final AtomicInteger subscribed = new AtomicInteger();
    volatile boolean down;
  }

  /** A WebClient-like bean: each method builds a publisher; the remote may be down. */
  public static class QuoteClient {
    private final Remote remote;

    public QuoteClient(Remote remote) {
      this.remote = remote;
    }

    @CircuitBreaker(value = "quotes", fallback = "cachedQuote")
    public Mono<String> quote(String symbol) {
      remote.built.incrementAndGet();
      return Mono.defer(() -> {
        remote.subscribed.incrementAndGet();
        return remote.down ? Mono.error(new IOException("quotes down")) : Mono.just(symbol + " 42");
      });
    }

    public String cachedQuote(String symbol, CircuitOpenException rejection) {
      return symbol + " cached (retry in " + rejection.retryAfter().toSeconds() + " s)";
    }

    @CircuitBreaker(value = "quotes", fallback = "cachedTicks")
    public Flux<Integer> ticks() {
      return Flux.defer(() -> {
        remote.subscribed.incrementAndGet();
        return remote.down ? Flux.error(new IOException("ticks down")) : Flux.range(1, 3);
      });
    }

    public Flux<Integer> cachedTicks() {
      return Flux.just(0, 0);
    }

    @CircuitBreaker("quotes")
    public Mono<String> noFallback() {
      return Mono.fromSupplier(() -> {
        remote.subscribed.incrementAndGet();
        return "live";
      });
    }

    @CircuitBreaker(value = "statuses", errorHandler = StatusHandler.class)
    public Mono<String> status(String answer) {
      return Mono.just(answer);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Quotes {
    @Bean
    Remote remote() {
      return new Remote();
    }

    @Bean
    QuoteClient quoteClient(Remote remote) {
      return new QuoteClient(remote);
    }
  }

  @Test
  void thePermitIsTakenPerSubscriptionNotWhenTheMethodBuildsThePublisher() {
    runner.withUserConfiguration(Quotes.class).run(context -> {
      QuoteClient client = context.getBean(QuoteClient.class);
      Remote remote = context.getBean(Remote.class);
      Brama brama = context.getBean(Brama.class);

      Mono<String> quote = client.quote("ACME");
      assertThat(remote.built).hasValue(1);
      assertThat(brama.calls("quotes")).isEqualTo(new CallCounts(0, 0, 0, 0, 0));

      StepVerifier.create(quote).expectNext("ACME 42").verifyComplete();
      StepVerifier.create(quote).expectNext("ACME 42").verifyComplete();
      StepVerifier.create(client.ticks()).expectNext(1, 2, 3).verifyComplete();
      assertThat(brama.calls("quotes")).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
    });
  }

  @Test
  void failuresOpenThenTheFallbackAnswersWithoutSubscribingAndTheCircuitRecovers() {
    runner.withUserConfiguration(Quotes.class).run(context -> {
      QuoteClient client = context.getBean(QuoteClient.class);
      Remote remote = context.getBean(Remote.class);
      Brama brama = context.getBean(Brama.class);
      remote.down = true;
      for (int i = 0; i < 3; i++) {
        StepVerifier.create(client.quote("ACME")).verifyError(IOException.class);
      }
      assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.OPEN);
      int before = remote.subscribed.get();

      StepVerifier.create(client.quote("ACME"))
          .expectNext("ACME cached (retry in 10 s)").verifyComplete();
      StepVerifier.create(client.ticks()).expectNext(0, 0).verifyComplete();
      StepVerifier.create(client.noFallback())
          .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(CircuitOpenException.class)
              .hasMessageContaining("'quotes'"));
      assertThat(remote.subscribed).hasValue(before);
      assertThat(brama.calls("quotes").rejected()).isEqualTo(3);

      CLOCK.advance(Duration.ofSeconds(10));
      remote.down = false;
      StepVerifier.create(client.quote("ACME")).expectNext("ACME 42").verifyComplete();
      assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.CLOSED);
    });
  }

  @Test
  void aFailureIsNeverServedByTheFallback() {
    runner.withUserConfiguration(Quotes.class).run(context -> {
      QuoteClient client = context.getBean(QuoteClient.class);
      Remote remote = context.getBean(Remote.class);
      remote.down = true;
      StepVerifier.create(client.quote("ACME")).verifyErrorMessage("quotes down");
      StepVerifier.create(client.ticks()).verifyErrorMessage("ticks down");
    });
  }

  @Test
  void theAnnotationsErrorHandlerClassifiesTheMonosValue() {
    runner.withUserConfiguration(Quotes.class).run(context -> {
      QuoteClient client = context.getBean(QuoteClient.class);
      Brama brama = context.getBean(Brama.class);
      for (int i = 0; i < 3; i++) {
        StepVerifier.create(client.status("5xx")).expectNext("5xx").verifyComplete();
      }
      assertThat(brama.status("statuses").state()).isEqualTo(CircuitState.OPEN);
      assertThat(brama.status("statuses").lastFailureReason()).isEqualTo("HTTP 5xx");
    });
  }

  @Test
  void withoutBramaReactorAReactiveMethodFailsStartUpNamingBeanAndMethod() {
    runner.withUserConfiguration(Quotes.class)
        .withClassLoader(new FilteredClassLoader(BramaOperator.class))
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'quoteClient'")
            .hasMessageContaining(QuoteClient.class.getName() + ".")
            .hasMessageContaining("a Reactive Streams Publisher, which is not supported without "
                + "brama-reactor")
            .hasMessageContaining("io.brama:brama-reactor"));
  }

  /** A reactive type the operator cannot return. */
  public static class ParallelClient {
    @CircuitBreaker("parallel")
    public ParallelFlux<Integer> spread() {
      return Flux.range(1, 4).parallel();
    }
  }

  /** A fallback of the wrong element type. */
  public static class BadFallbackClient {
    @CircuitBreaker(value = "bad", fallback = "number")
    public Mono<String> call() {
      return Mono.just("x");
    }

    public Integer number() {
      return 1;
    }
  }

  @Test
  void aTypeTheOperatorCannotReturnOrAFallbackOfTheWrongTypeFailsStartUp() {
    runner.withBean("parallelClient", ParallelClient.class, ParallelClient::new)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'parallelClient'")
            .hasMessageContaining("returns reactor.core.publisher.ParallelFlux, which "
                + "brama-reactor cannot guard; return Mono, Flux or Publisher"));
    runner.withBean("badFallbackClient", BadFallbackClient.class, BadFallbackClient::new)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("bean 'badFallbackClient'")
            .hasMessageContaining("it returns java.lang.Integer, not assignable to the Mono's "
                + "java.lang.String"));
  }
}
