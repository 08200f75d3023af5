package io.brama.reactor;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.Circuit;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Brama on a manual clock with one connection, and sources that count their subscriptions. */
abstract class GuardedTest {
  static final String ID = "remote";
  static final Duration EXPIRY = Duration.ofSeconds(10);
  final ManualClock clock = new ManualClock();
  /** How many times a source made by {@link #counted(Mono)} was subscribed. */
  final AtomicInteger subscriptions = new AtomicInteger();
  Brama brama;
  Circuit circuit;

  @AfterEach
  void close() {
    if (brama != null) {
      brama.close();
    }
  }

  /** Five failures in a row open; IOException and TimeoutException fail, IAE is ignored. */
  static BramaConfig.Builder rules() {
    return BramaConfig.builder().maxAttempts(5).expiry(EXPIRY)
        .recordExceptions(IOException.class, TimeoutException.class)
        .ignoreExceptions(IllegalArgumentException.class);
  }

  Circuit start(BramaConfig.Builder config) {
    brama = Brama.builder().config(config.build()).clock(clock).eventExecutor(Runnable::run)
        .countCalls(true).build();
    circuit = brama.register(ID);
    return circuit;
  }

  /** Moves an open circuit to HALF_OPEN. */
  void halfOpen() {
    circuit.open("down");
    clock.advance(EXPIRY);
  }

  <T> Mono<T> counted(Mono<T> source) {
    return Mono.defer(() -> {
      subscriptions.incrementAndGet();
      return source;
    });
  }

  <T> Flux<T> counted(Flux<T> source) {
    return Flux.defer(() -> {
      subscriptions.incrementAndGet();
      return source;
    });
  }

  <T> BramaOperator<T> guard() {
    return BramaOperator.of(circuit);
  }
}
