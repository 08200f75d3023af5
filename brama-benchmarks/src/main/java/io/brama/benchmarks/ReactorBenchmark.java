package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.CircuitState;
import io.brama.reactor.BramaOperator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive closed-circuit path (issue 18): the same pipeline bare, guarded by Brama's
 * {@link BramaOperator} and by Resilience4j 2.4.0's {@code resilience4j-reactor}
 * {@link CircuitBreakerOperator}. Each operation subscribes once (one call, one permit) and blocks
 * for the result on the benchmark thread: {@code Mono.just(x).transformDeferred(op).block()} and
 * {@code Flux.range(0, 100).transformDeferred(op).blockLast()}. The bare rows pass an identity
 * function to {@code transformDeferred}, so all three build the same pipeline and the difference is
 * the operator's. Default configurations, as {@link PeerBenchmark}: Brama's default connection,
 * Resilience4j's {@code CircuitBreaker.ofDefaults} (COUNT_BASED window of 100); one breaker and one
 * operator per library shared by all threads; the tear-down checks both circuits stayed closed.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar ReactorBenchmark -prof gc -t 1} (and {@code -t 2}); both
 * thread counts in one run: {@code java -cp brama-benchmarks/target/benchmarks.jar
 * io.brama.benchmarks.Suite --only ReactorBenchmark -prof gc}; with the results table: {@code
 * bench/run.sh --only ReactorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReactorBenchmark {
  private static final UnaryOperator<Publisher<Integer>> BARE = p -> p;

  private Brama brama;
  private Circuit circuit;
  private BramaOperator<Integer> bramaOp;
  private CircuitBreaker r4j;
  private CircuitBreakerOperator<Integer> r4jOp;
  /** A field, so the JIT cannot fold the value into the pipeline. */
  private Integer value;

  /** One default breaker of each library and its operator. */
  @Setup
  public void setUp() {
    brama = Brama.create();
    circuit = brama.register("svc");
    bramaOp = BramaOperator.of(circuit);
    r4j = CircuitBreaker.ofDefaults("svc");
    r4jOp = CircuitBreakerOperator.of(r4j);
    value = 42;
  }

  /** Fails the run if a row left its circuit anything but closed; stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    try {
      if (circuit.state() != CircuitState.CLOSED || r4j.getState() != CircuitBreaker.State.CLOSED) {
        throw new IllegalStateException("a circuit left CLOSED: brama " + circuit.state()
            + ", resilience4j " + r4j.getState());
      }
    } finally {
      brama.close();
    }
  }

  /** {@code Mono.just(x).transformDeferred(identity).block()}: the baseline. */
  @Benchmark
  public Integer bareMono() {
    return Mono.just(value).transformDeferred(BARE).block();
  }

  /** {@code Mono.just(x).transformDeferred(BramaOperator.of(circuit)).block()}. */
  @Benchmark
  public Integer bramaMono() {
    return Mono.just(value).transformDeferred(bramaOp).block();
  }

  /** {@code Mono.just(x).transformDeferred(CircuitBreakerOperator.of(breaker)).block()}. */
  @Benchmark
  public Integer r4jMono() {
    return Mono.just(value).transformDeferred(r4jOp).block();
  }

  /** {@code Flux.range(0, 100).transformDeferred(identity).blockLast()}: the baseline. */
  @Benchmark
  public Integer bareFlux() {
    return Flux.range(0, 100).transformDeferred(BARE).blockLast();
  }

  /** {@code Flux.range(0, 100).transformDeferred(BramaOperator.of(circuit)).blockLast()}. */
  @Benchmark
  public Integer bramaFlux() {
    return Flux.range(0, 100).transformDeferred(bramaOp).blockLast();
  }

  /**
   * {@code Flux.range(0, 100).transformDeferred(CircuitBreakerOperator.of(breaker)).blockLast()}.
   */
  @Benchmark
  public Integer r4jFlux() {
    return Flux.range(0, 100).transformDeferred(r4jOp).blockLast();
  }
}
