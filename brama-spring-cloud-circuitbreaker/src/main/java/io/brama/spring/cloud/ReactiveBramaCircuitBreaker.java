package io.brama.spring.cloud;

import io.brama.Circuit;
import io.brama.reactor.BramaOperator;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Brama connection as Spring Cloud's {@link ReactiveCircuitBreaker}: the publisher guarded by
 * {@link BramaOperator}, its error (a {@link io.brama.CircuitOpenException} for a rejection, a
 * {@link java.util.concurrent.TimeoutException} for {@code callTimeout}, or the source's own)
 * handed to the fallback.
 */
final class ReactiveBramaCircuitBreaker implements ReactiveCircuitBreaker {
  private final Circuit circuit;

  ReactiveBramaCircuitBreaker(Circuit circuit) {
    this.circuit = circuit;
  }

  @Override
  public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
    Objects.requireNonNull(toRun, "toRun");
    Mono<T> guarded = toRun.transform(BramaOperator.<T>of(circuit));
    return fallback == null ? guarded : guarded.onErrorResume(fallback);
  }

  @Override
  public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
    Objects.requireNonNull(toRun, "toRun");
    Flux<T> guarded = toRun.transform(BramaOperator.<T>of(circuit));
    return fallback == null ? guarded : guarded.onErrorResume(fallback);
  }

  @Override
  public String toString() {
    return "ReactiveBramaCircuitBreaker[" + circuit.id() + "]";
  }
}
