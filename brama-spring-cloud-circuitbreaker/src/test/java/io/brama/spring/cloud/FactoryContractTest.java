package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.spring.BramaAutoConfiguration;
import io.brama.spring.BramaBuilderCustomizer;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The factories through Spring Cloud's interfaces only, as the auto-configuration makes them from
 * the starter's Brama (on a {@link ManualClock}): the run contract, blocking and reactive, the
 * registration rules and the customizers.
 */
class FactoryContractTest {
  private final ManualClock clock = new ManualClock();

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BramaAutoConfiguration.class,
            BramaCircuitBreakerAutoConfiguration.class))
        .withBean(BramaBuilderCustomizer.class, () -> b -> b.clock(clock))
        .withPropertyValues("brama.max-attempts=2", "brama.expiry=10s");
  }

  private static IllegalStateException boom() {
    return new IllegalStateException("boom");
  }

  @Test
  void blockingFallbackGetsTheFailureThenTheRejectionAndTheCircuitRecoversAfterExpiry() {
    runner().run(context -> {
      CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("quotes");
      AtomicInteger calls = new AtomicInteger();
      List<Throwable> seen = new ArrayList<>();
      IllegalStateException failure = boom();

      assertThat(breaker.run(() -> "quote", t -> "fallback")).isEqualTo("quote");
      for (int i = 0; i < 2; i++) {
        assertThat(breaker.<String>run(() -> {
          calls.incrementAndGet();
          throw failure;
        }, t -> {
          seen.add(t);
          return "fallback";
        })).isEqualTo("fallback");
      }
      assertThat(seen).containsExactly(failure, failure);

      assertThat(breaker.run(() -> "" + calls.incrementAndGet(), t -> {
        seen.add(t);
        return "rejected";
      })).isEqualTo("rejected");
      assertThat(calls).hasValue(2);
      assertThat(seen.get(2)).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
        assertThat(e.connection()).isEqualTo("quotes");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10));
      });

      clock.advance(Duration.ofSeconds(10));
      assertThat(breaker.run(() -> "again", t -> "fallback")).isEqualTo("again");
      assertThat(context.getBean(Brama.class).status("quotes").state())
          .isEqualTo(CircuitState.CLOSED);
    });
  }

  @Test
  void withoutFallbackTheInterfaceWrapsTheThrowableInNoFallbackAvailable() {
    runner().run(context -> {
      CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("quotes");
      IllegalStateException failure = boom();
      assertThatThrownBy(() -> breaker.run(() -> {
        throw failure;
      })).isInstanceOf(NoFallbackAvailableException.class).hasCause(failure);
    });
  }

  @Test
  void reactiveFallbackGetsTheFailureThenTheRejectionWithoutSubscribing() {
    runner().run(context -> {
      ReactiveCircuitBreaker breaker =
          context.getBean(ReactiveCircuitBreakerFactory.class).create("stream");
      AtomicInteger subscriptions = new AtomicInteger();
      IllegalStateException failure = boom();
      Mono<String> failing = Mono.<String>error(failure)
          .doOnSubscribe(s -> subscriptions.incrementAndGet());
      List<Throwable> seen = new ArrayList<>();

      assertThat(breaker.run(Mono.just("one"), t -> Mono.just("fallback")).block())
          .isEqualTo("one");
      for (int i = 0; i < 2; i++) {
        assertThat(breaker.run(failing, t -> {
          seen.add(t);
          return Mono.just("fallback");
        }).block()).isEqualTo("fallback");
      }
      assertThat(breaker.run(Flux.just(1, 2).doOnSubscribe(s -> subscriptions.incrementAndGet()),
          t -> {
            seen.add(t);
            return Flux.just(-1);
          }).collectList().block()).containsExactly(-1);

      assertThat(subscriptions).hasValue(2);
      assertThat(seen).hasSize(3);
      assertThat(seen.subList(0, 2)).containsExactly(failure, failure);
      assertThat(seen.get(2)).isInstanceOf(CircuitOpenException.class);
      assertThatThrownBy(() -> breaker.run(Mono.just("x")).block())
          .isInstanceOf(NoFallbackAvailableException.class)
          .hasCauseInstanceOf(CircuitOpenException.class);

      clock.advance(Duration.ofSeconds(10));
      assertThat(breaker.run(Flux.just(1, 2), t -> Flux.empty()).collectList().block())
          .containsExactly(1, 2);
    });
  }

  @Test
  void noTimeLimitUnlessTheConnectionSetsCallTimeout() {
    runner().withPropertyValues("brama.connections[limited].call-timeout=2s").run(context -> {
      ReactiveCircuitBreakerFactory<?, ?> factory =
          context.getBean(ReactiveCircuitBreakerFactory.class);
      Sinks.One<String> slow = Sinks.one();
      List<Throwable> seen = new ArrayList<>();
      List<String> results = new ArrayList<>();
      factory.create("unlimited").run(slow.asMono(), t -> {
        seen.add(t);
        return Mono.just("fallback");
      }).subscribe(results::add);
      Sinks.One<String> limited = Sinks.one();
      factory.create("limited").run(limited.asMono(), t -> {
        seen.add(t);
        return Mono.just("timed out");
      }).subscribe(results::add);

      clock.advance(Duration.ofMinutes(10));
      assertThat(results).containsExactly("timed out");
      assertThat(seen).singleElement().isInstanceOf(TimeoutException.class);
      slow.tryEmitValue("late but fine");
      assertThat(results).containsExactly("timed out", "late but fine");
    });
  }

  @Test
  void createRegistersAbsentConnectionsWithTheGroupAsScopeAndKeepsExistingOnes() {
    runner().withPropertyValues("brama.connections[configured].scope=own",
        "brama.connections[configured].max-attempts=5").run(context -> {
          CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
          ReactiveCircuitBreakerFactory<?, ?> reactive =
              context.getBean(ReactiveCircuitBreakerFactory.class);
          Brama brama = context.getBean(Brama.class);

          factory.create("plain");
          factory.create("grouped", "payments");
          reactive.create("reactive-grouped", "payments");
          factory.create("configured", "payments");

          assertThat(brama.status("plain").scope()).isNull();
          assertThat(brama.status("plain").maxAttempts()).isEqualTo(2);
          assertThat(brama.status("grouped").scope()).isEqualTo("payments");
          assertThat(brama.status("reactive-grouped").scope()).isEqualTo("payments");
          assertThat(brama.status("configured").scope()).isEqualTo("own");
          assertThat(brama.status("configured").maxAttempts()).isEqualTo(5);

          assertThatThrownBy(() -> factory.create(null))
              .isInstanceOf(NullPointerException.class).hasMessage("id");
          assertThatThrownBy(() -> factory.create(" "))
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        });
  }

  @Test
  void nullsAreRefusedNamingTheParameter() {
    try (Brama brama = Brama.create()) {
      assertThatThrownBy(() -> new BramaCircuitBreakerFactory(null))
          .isInstanceOf(NullPointerException.class).hasMessage("brama");
      assertThatThrownBy(() -> new ReactiveBramaCircuitBreakerFactory(null))
          .isInstanceOf(NullPointerException.class).hasMessage("brama");
      assertThatThrownBy(() -> new BramaCircuitBreakerFactory(brama).configureDefault(null))
          .isInstanceOf(NullPointerException.class).hasMessage("defaultConfiguration");
      assertThatThrownBy(() -> new BramaConfigBuilder().config(null))
          .isInstanceOf(NullPointerException.class).hasMessage("config");
      assertThatThrownBy(() -> new BramaCircuitBreakerFactory(brama).create("x").run(null, t -> 1))
          .isInstanceOf(NullPointerException.class).hasMessage("toRun");
    }
  }

  @Test
  void customizersConfigureConnectionsAndBramaConnectionsWinOverThem() {
    runner().withUserConfiguration(Customizers.class)
        .withPropertyValues("brama.connections[both].max-attempts=7").run(context -> {
          Brama brama = context.getBean(Brama.class);
          CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
          ReactiveCircuitBreakerFactory<?, ?> reactive =
              context.getBean(ReactiveCircuitBreakerFactory.class);

          factory.create("one");
          factory.create("other");
          factory.create("both");
          reactive.create("reactive-one");
          reactive.create("reactive-other");

          assertThat(brama.status("one").maxAttempts()).isEqualTo(3);
          assertThat(brama.status("other").maxAttempts()).isEqualTo(4);
          assertThat(brama.status("both").maxAttempts()).isEqualTo(7);
          assertThat(brama.status("reactive-one").maxAttempts()).isEqualTo(6);
          assertThat(brama.status("reactive-other").maxAttempts()).isEqualTo(2);
        });
  }

  @Test
  void anApplicationsOwnFactoriesWin() {
    runner().withUserConfiguration(OwnFactories.class).run(context -> {
      assertThat(context).hasSingleBean(CircuitBreakerFactory.class)
          .hasSingleBean(ReactiveCircuitBreakerFactory.class)
          .doesNotHaveBean(BramaCircuitBreakerFactory.class);
      assertThat(context.getBeanNamesForType(ReactiveCircuitBreakerFactory.class))
          .containsExactly("ownReactive");
      assertThat(context.getBean(CircuitBreakerFactory.class).create("x").run(() -> "own"))
          .isEqualTo("own");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    @Bean
    Customizer<BramaCircuitBreakerFactory> blocking() {
      return factory -> {
        factory.configureDefault(id -> ConnectionConfig.builder().maxAttempts(4).build());
        factory.configure(b -> b.config(ConnectionConfig.builder().maxAttempts(3).build()),
            "one", "both");
      };
    }

    @Bean
    Customizer<ReactiveBramaCircuitBreakerFactory> reactive() {
      return factory -> factory.configure(
          b -> b.config(ConnectionConfig.builder().maxAttempts(6).build()), "reactive-one");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFactories {
    @Bean
    CircuitBreakerFactory<ConnectionConfig, BramaConfigBuilder> own() {
      return new CircuitBreakerFactory<>() {
        @Override
        public CircuitBreaker create(String id) {
          return new CircuitBreaker() {
            @Override
            public <T> T run(java.util.function.Supplier<T> toRun,
                java.util.function.Function<Throwable, T> fallback) {
              return toRun.get();
            }
          };
        }

        @Override
        protected BramaConfigBuilder configBuilder(String id) {
          return new BramaConfigBuilder();
        }

        @Override
        public void configureDefault(
            java.util.function.Function<String, ConnectionConfig> defaultConfiguration) {}
      };
    }

    @Bean
    ReactiveBramaCircuitBreakerFactory ownReactive(Brama brama) {
      return new ReactiveBramaCircuitBreakerFactory(brama);
    }
  }
}
