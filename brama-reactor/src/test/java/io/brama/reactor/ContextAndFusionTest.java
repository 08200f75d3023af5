package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Rule R8: the subscriber's Context reaches the source unchanged, and the operator works after and
 * before operators that fuse (it takes no part in fusion, so no scalar shortcut skips its permit).
 */
class ContextAndFusionTest extends GuardedTest {
  private final Scheduler other = Schedulers.newSingle("other");

  @AfterEach
  void dispose() {
    other.dispose();
  }

  @Test
  void theSubscribersContextReachesTheSource() {
    start(rules());
    StepVerifier.create(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("tenant")))
            .transformDeferred(guard()).contextWrite(Context.of("tenant", "acme")))
        .expectNext("acme").verifyComplete();
    StepVerifier.create(Flux.deferContextual(ctx -> Flux.just(ctx.<String>get("tenant"), "x"))
            .transform(guard()).contextWrite(Context.of("tenant", "acme")))
        .expectNext("acme", "x").verifyComplete();
    assertThat(circuit.calls().successes()).isEqualTo(2);
  }

  @Test
  void monoJustIsOneCallPerSubscriptionEvenInsideFlatMap() {
    start(rules());
    StepVerifier.create(Flux.range(1, 3).flatMap(i -> Mono.just(i).transform(guard()))
            .map(i -> i * 10))
        .expectNext(10, 20, 30).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
  }

  @Test
  void fromIterableWithFusingOperatorsAround() {
    start(rules());
    List<Integer> numbers = IntStream.range(0, 1000).boxed().toList();
    StepVerifier.create(Flux.fromIterable(numbers).map(i -> i + 1).transformDeferred(guard())
            .filter(i -> i % 2 == 0).map(i -> i / 2))
        .expectNextCount(500).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
    assertThat(Scannable.from(Flux.just(1).transform(guard())).scan(Scannable.Attr.RUN_STYLE))
        .isEqualTo(Scannable.Attr.RunStyle.SYNC);
  }

  @Test
  void publishOnBeforeAndAfterTheOperator() {
    start(rules());
    List<Integer> numbers = IntStream.range(0, 1000).boxed().toList();
    StepVerifier.create(Flux.fromIterable(numbers).publishOn(Schedulers.parallel())
            .transformDeferred(guard()).publishOn(other, 16))
        .expectNextSequence(numbers).expectComplete().verify(Duration.ofSeconds(10));
    StepVerifier.create(Mono.just("x").publishOn(Schedulers.parallel()).transform(guard())
            .publishOn(other))
        .expectNext("x").expectComplete().verify(Duration.ofSeconds(10));
    assertThat(circuit.calls()).isEqualTo(new CallCounts(2, 0, 0, 0, 0));
  }
}
