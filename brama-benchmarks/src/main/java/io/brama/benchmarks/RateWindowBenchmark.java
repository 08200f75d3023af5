package io.brama.benchmarks;

import io.brama.Brama;
import io.brama.CheckedCallable;
import io.brama.Circuit;
import io.brama.ConnectionConfig;
import io.brama.FailurePolicy;
import io.brama.Permit;
import io.brama.Registration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * Rate policies on a closed circuit, healthy traffic, trivial action: Brama's count- and
 * time-based windows against Resilience4j's COUNT_BASED and TIME_BASED sliding windows of the same
 * size, through the decorator and through the manual permit API.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -jar
 * brama-benchmarks/target/benchmarks.jar RateWindowBenchmark -prof gc -t 1} (and {@code -t 2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateWindowBenchmark {
  private static final CheckedCallable<Integer, RuntimeException> ACTION = () -> 42;
  private static final Supplier<Integer> SUPPLIER = () -> 42;

  private Brama brama;
  private Circuit counted;
  private Circuit timed;
  private CircuitBreaker r4jCounted;
  private CircuitBreaker r4jTimed;

  /** Same windows on both sides: the last 100 calls, and the last 10 s. */
  @Setup
  public void setUp() {
    brama = Brama.create();
    counted = brama.register("counted", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 100, 100)).build()).build());
    timed = brama.register("timed", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.timedRate(50, Duration.ofSeconds(10), 100)).build()).build());
    r4jCounted = CircuitBreaker.of("counted", CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED).slidingWindowSize(100)
        .minimumNumberOfCalls(100).failureRateThreshold(50).build());
    r4jTimed = CircuitBreaker.of("timed", CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(10)
        .minimumNumberOfCalls(100).failureRateThreshold(50).build());
  }

  /** Stops the Brama's timer. */
  @TearDown
  public void tearDown() {
    brama.close();
  }

  /** Brama, last 100 calls, {@code circuit.call}. */
  @Benchmark
  public Integer bramaCountCall() {
    return counted.call(ACTION);
  }

  /** Brama, last 100 calls, {@code tryAcquire} + {@code permit.success()}. */
  @Benchmark
  public boolean bramaCountPermit() {
    Permit p = counted.tryAcquire();
    p.success();
    return p.granted();
  }

  /** Brama, last 10 s, {@code circuit.call}. */
  @Benchmark
  public Integer bramaTimedCall() {
    return timed.call(ACTION);
  }

  /** Resilience4j COUNT_BASED 100, {@code executeSupplier}. */
  @Benchmark
  public Integer r4jCountExecute() {
    return r4jCounted.executeSupplier(SUPPLIER);
  }

  /** Resilience4j COUNT_BASED 100, {@code tryAcquirePermission} + {@code onSuccess}. */
  @Benchmark
  public boolean r4jCountPermit() {
    boolean ok = r4jCounted.tryAcquirePermission();
    r4jCounted.onSuccess(0, TimeUnit.NANOSECONDS);
    return ok;
  }

  /** Resilience4j TIME_BASED 10 s, {@code executeSupplier}. */
  @Benchmark
  public Integer r4jTimedExecute() {
    return r4jTimed.executeSupplier(SUPPLIER);
  }
}
